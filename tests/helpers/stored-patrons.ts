import type BetterSqlite3 from 'better-sqlite3';
import { searchText } from '../../electron/services/import/patron-row.ts';
import { nameKey } from '../../electron/services/import/read/name-key.ts';
import { uuidv7 } from '../../shared/ids.ts';
import type { generatePatronFile } from '../bench/patron-file.ts';

/** One row of the bench's patron file, as its columns read. */
export interface FilePatron {
  card: string;
  lastName: string;
  firstName: string;
  /** JJ/MM/AAAA, as in the file. */
  birthDate: string;
  email: string;
  postalCode: string;
  city: string;
  registeredOn: string;
  expiresOn: string;
  category: string;
}

/** The rows of a file made by `generatePatronFile` (unquoted, `;`, CRLF), in order. */
export function* filePatrons(file: ReturnType<typeof generatePatronFile>): Generator<FilePatron> {
  for (const line of file.text.trim().split('\r\n').slice(1)) {
    const [card, lastName, firstName, birthDate, email, postalCode, city, registeredOn, expiresOn, category] =
      line.split(';') as string[];
    yield {
      card: card as string,
      lastName: lastName as string,
      firstName: firstName as string,
      birthDate: birthDate as string,
      email: email as string,
      postalCode: postalCode as string,
      city: city as string,
      registeredOn: registeredOn as string,
      expiresOn: expiresOn as string,
      category: category as string,
    };
  }
}

const iso = (date: string) => date.split('/').reverse().join('-');

/**
 * Patrons written straight into an app database, each with its search entry, as an import leaves them:
 * for a test or a benchmark about what comes after (the Lecteurs list, the search), where importing a
 * hundred thousand rows first cost seconds. Returns a function adding one, to call inside a transaction.
 */
export function patronWriter(sqlite: BetterSqlite3.Database) {
  const insert = sqlite.prepare(`INSERT INTO patron (id, library_id, card_number, last_name, first_name,
    birth_date, birth_year, email, postal_code, commune_name, registered_on, expires_on, category, registered,
    name_key, duplicate_status, created_at, updated_at)
    VALUES (@id, @library_id, @card_number, @last_name, @first_name, @birth_date, @birth_year, @email,
    @postal_code, @commune_name, @registered_on, @expires_on, @category, @registered, @name_key,
    @duplicate_status, @at, @at)`);
  const index = sqlite.prepare('INSERT INTO patron_search (rowid, text) VALUES (?, ?)');
  const at = new Date().toISOString();
  return (
    libraryId: string,
    patron: FilePatron,
    options: { registered?: boolean; possibleDuplicate?: boolean } = {},
  ) => {
    const { lastInsertRowid } = insert.run({
      id: uuidv7(),
      library_id: libraryId,
      card_number: patron.card,
      last_name: patron.lastName,
      first_name: patron.firstName,
      birth_date: iso(patron.birthDate),
      birth_year: Number(patron.birthDate.slice(-4)),
      email: patron.email,
      postal_code: patron.postalCode,
      commune_name: patron.city,
      registered_on: iso(patron.registeredOn),
      expires_on: iso(patron.expiresOn),
      category: patron.category,
      registered: options.registered === false ? 0 : 1,
      name_key: nameKey(patron.lastName, patron.firstName),
      duplicate_status: options.possibleDuplicate ? 'possible' : null,
      at,
    });
    index.run(lastInsertRowid, searchText(patron.card, patron.lastName, patron.firstName, patron.email));
  };
}
