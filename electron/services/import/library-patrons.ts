import type BetterSqlite3 from 'better-sqlite3';
import { dataVersion } from '../../../db/pragmas.ts';
import type { prepareImportStatements } from '../../../db/queries/import-statements.ts';
import { libraryEmails } from './duplicates.ts';
import type { PatronColumn, StoredPatron } from './patron-row.ts';
import type { KeyedList } from './resemblance.ts';

export interface LibraryPatrons {
  stored: Map<string, StoredPatron>;
  emails: KeyedList<string, StoredPatron>;
}

/**
 * The importing library's stored patrons, by card and by e-mail: read when the library is picked (the
 * worker kept ready, `prepare`) or at the first analysis, and again only once another connection has
 * committed (`data_version`), so a fixed cell or an excluded row does not read 100,000 patrons again.
 */
export class LibraryPatronsCache {
  private cached: (LibraryPatrons & { version: number }) | null = null;

  constructor(readonly libraryId: string) {}

  read(db: BetterSqlite3.Database, statements: ReturnType<typeof prepareImportStatements>): LibraryPatrons {
    const version = dataVersion(db);
    if (this.cached?.version !== version) {
      const patrons = shareRepeatedValues(statements.libraryPatrons.all(this.libraryId) as StoredPatron[]);
      this.cached = {
        version,
        stored: new Map(patrons.map((patron) => [patron.card_number, patron])),
        emails: libraryEmails(patrons),
      };
    }
    return this.cached;
  }
}

/** Of the stored columns, those whose values repeat from patron to patron: a commune, a category, a date. */
const repeating: readonly PatronColumn[] = [
  'birth_date',
  'postal_code',
  'commune_insee',
  'commune_name',
  'registered_on',
  'expires_on',
  'category',
];

/**
 * One string per distinct value of those columns, instead of one per patron: SQLite hands each row fresh
 * strings, and a library's 100,000 patrons kept for the whole import held 700,000 of them.
 */
function shareRepeatedValues(patrons: StoredPatron[]): StoredPatron[] {
  const shared = new Map<string, string>();
  for (const patron of patrons) {
    for (const column of repeating) {
      const value = patron[column];
      if (typeof value !== 'string') continue;
      const known = shared.get(value);
      if (known === undefined) shared.set(value, value);
      else patron[column] = known;
    }
  }
  return patrons;
}
