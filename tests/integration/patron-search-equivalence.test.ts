import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { searchCap } from '../../db/queries/patrons.ts';
import { openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { patronSearchText } from '../../electron/services/import/patron-row.ts';
import { nameKey } from '../../electron/services/import/read/name-key.ts';
import { createApi } from '../../shared/api.ts';
import type { Input } from '../../shared/contract.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { searchKey } from '../../shared/text.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * `patron.search` against a brute-force scan of the same patrons: every query's words folded as the
 * handler folds them, looked for as substrings of the text the trigram index holds (folded names, card,
 * e-mail), or, for one- and two-letter words, as the start of the name key; the same filters; sorted by
 * name key. A few thousand generated patrons with accents, ligatures, apostrophes, hyphens, e-mail
 * punctuation, some no longer registered, some possible duplicates, in three libraries of two EPCI.
 */
const lastNames = [
  'Martin',
  'Martinez',
  'MARTIN',
  'Lefèvre',
  'Lefebvre',
  'Cœur',
  'Coeur',
  'd’Arcy',
  "D'ARCY",
  'Saint-Cyr',
  'Le Goff',
  'Sénéchal',
  'Lapèze',
  'Dupont',
  'Du Pont',
  'Ødegård',
  'Zoë',
  'Ba',
  'Æbischer',
  'Nguyễn',
];
const firstNames = [
  'Hélène',
  'Helene',
  'Jean-Pierre',
  'Jean Pierre',
  'Zoé',
  'Maëlys',
  'Noël',
  'Ana',
  'Li',
  null,
];
const domains = ['orange.fr', 'la-poste.net', 'free.fr', 'gmail.com'];

function random(seed: number) {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

type Stored = {
  num: number;
  id: string;
  library_id: string;
  registered: number;
  duplicate_status: string | null;
  name_key: string;
  card_number: string;
  last_name: string;
  first_name: string | null;
  email: string | null;
};

const dir = tempDir();

async function setUp() {
  const context = await openAppContext({ databasePath: path.join(dir, 'search.sqlite'), version: 'test' });
  afterAll(() => context.close());
  const api = createApi(localInvoke(openGate(context)));
  await api.call('settings.update', { staffName: 'Claire Agent' });
  const libraries = [
    await api.call('library.add', { name: 'Médiathèque de Figeac', commune: '46102', ils: 'koha' }),
    await api.call('library.add', { name: 'Bibliothèque de Cajarc', commune: '46045', ils: 'pmb' }),
    await api.call('library.add', { name: 'Médiathèque de Cahors', commune: '46042', ils: 'orphee' }),
  ];
  const sqlite = context.database.sqlite;
  const insert =
    sqlite.prepare(`INSERT INTO patron (id, library_id, card_number, last_name, first_name, email,
    registered, name_key, duplicate_status, birth_date, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const index = sqlite.prepare('INSERT INTO patron_search (rowid, text) VALUES (?, ?)');
  const next = random(2026);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const at = new Date().toISOString();
  const add = (i: number, last: string, first: string | null, email: string | null, card: string) => {
    const birth =
      next() < 0.2 ? null : `19${String(10 + Math.floor(next() * 89))}-0${1 + (i % 9)}-1${i % 10}`;
    const { lastInsertRowid } = insert.run(
      uuidv7(),
      (libraries[i % 3] as { id: string }).id,
      card,
      last,
      first,
      email,
      next() < 0.2 ? 0 : 1,
      nameKey(last, first),
      next() < 0.05 ? 'possible' : null,
      birth,
      at,
      at,
    );
    index.run(
      lastInsertRowid,
      patronSearchText({ card_number: card, last_name: last, first_name: first, email }),
    );
  };
  sqlite.transaction(() => {
    for (let i = 1; i <= 5000; i += 1) {
      // A third are Martins, so that common names run past the cap.
      const last = next() < 0.35 ? pick(lastNames.slice(0, 3)) : pick(lastNames);
      const first = pick(firstNames);
      const local = `${searchKey(first ?? 'x').replace(/ /g, '-')}.${searchKey(last).replace(/ /g, '_')}+${i % 7}`;
      const email = next() < 0.1 ? null : `${local}@${pick(domains)}`;
      const card = next() < 0.5 ? `46CZ${String(i).padStart(6, '0')}` : `B-${i} ${i % 13}`;
      add(i, last, first, email, card);
    }
    // Rows holding every trigram of a word but not the word (« helena »: hel, ele, len in Hélène, ena in
    // Renaud), which the index's answer to a few trigrams lets through and only the exact check rules out.
    add(5001, 'Martin', 'Hélène', 'renaud.h@orange.fr', '46CZ005001');
    add(5002, 'Renaud', 'Hélène', 'martin@free.fr', 'B-5002 1');
  })();
  const stored = sqlite
    .prepare(
      'SELECT num, id, library_id, registered, duplicate_status, name_key, card_number, last_name, first_name, email FROM patron',
    )
    .all() as Stored[];
  return { api, libraries, stored };
}

/** What the search promises, computed the slow way over every patron. */
function bruteForce(stored: Stored[], input: Input<'patron.search'>, epciLibraries: Set<string>) {
  const words = searchKey(input.text ?? '')
    .split(' ')
    .filter(Boolean);
  const long = words.some((word) => word.length >= 3);
  const phrase = words.every((word) => word.length >= 3) ? null : words.join(' ');
  const textMatches = (patron: Stored) => {
    if (!long)
      return (
        patron.name_key.startsWith(words[0] as string) &&
        words.slice(1).every((w) => patron.name_key.includes(w))
      );
    const text = patronSearchText(patron);
    return phrase === null ? words.every((word) => text.includes(word)) : text.includes(phrase);
  };
  return stored
    .filter(
      (patron) =>
        textMatches(patron) &&
        (input.libraryId === undefined || patron.library_id === input.libraryId) &&
        (input.epci === undefined || epciLibraries.has(patron.library_id)) &&
        (input.status === 'all' || patron.registered === (input.status === 'registered' ? 1 : 0)) &&
        (!input.duplicates || patron.duplicate_status === 'possible'),
    )
    .sort((a, b) => (a.name_key < b.name_key ? -1 : a.name_key > b.name_key ? 1 : a.num - b.num));
}

const queries = [
  // Names, accents and case, ligatures
  'martin',
  'MARTIN',
  'martinez',
  'hélène',
  'helene',
  'HÉLÈNE',
  'hélè',
  'cœur',
  'coeur',
  'œur',
  'sénéchal',
  'senechal',
  'lapeze',
  'LAPÈZE',
  'ødegård',
  'odegard',
  'æbischer',
  'aebischer',
  'nguyen',
  'nguyễn',
  'zoë',
  'zoe',
  // Apostrophes, hyphens, spaces inside names
  "d'arcy",
  'd’arcy',
  'darcy',
  'arcy',
  'saint-cyr',
  'saint cyr',
  'saintcyr',
  'jean-pierre',
  'jean pierre',
  'pierre-',
  'le goff',
  'goff',
  'du pont',
  'dupont',
  // First and last name, either order, and mixed lengths
  'hélène martin',
  'martin hélène',
  'jean dupont',
  'noel cœur',
  'la au',
  'le go',
  'martin li',
  // Several words of three letters or more: each word's rarest trigram, then an exact check of each row
  'martin mar',
  'mar tin',
  'dupont jean',
  'pierre dupont',
  'cyr saint',
  'helene orange',
  'martinez helene',
  'zoe gmail',
  'odegard ana',
  'arcy goff',
  'helena martin',
  'helena renaud',
  // Cards
  '46cz',
  '46CZ000123',
  '000123',
  'b-12',
  'b 12 5',
  '12 5',
  // E-mails and their punctuation
  'orange.fr',
  '@orange.fr',
  'la-poste.net',
  'la-poste',
  'gmail.com',
  'helene.martin',
  'helene.martin+3@',
  '+3@orange',
  'jean-pierre.du_pont',
  '_pont',
  // One to three characters
  'm',
  'M',
  'é',
  'ma',
  'mÀ',
  'le',
  'd’',
  "d'",
  'du',
  'co',
  'li',
  'œ',
  'ae',
  'ba',
  'mar',
  'coe',
  'ana',
  'z',
  // Nothing
  'xyzzy',
  'qq',
  'q',
  '   ',
  '-',
  "'",
  '@',
];

describe('patron search ≡ a brute-force folded-substring scan', () => {
  it('finds the same patrons, in the same order, for every query, alone and with every filter', async () => {
    const { api, libraries, stored } = await setUpOnce();
    const figeac = libraries[0] as { id: string; epci: string | null };
    expect(figeac.epci).not.toBeNull();
    const inEpci = new Set(libraries.filter((l) => l.epci === figeac.epci).map((l) => l.id));
    expect(inEpci.size).toBe(2);
    const filters: Partial<Input<'patron.search'>>[] = [
      {},
      { libraryId: figeac.id },
      { epci: figeac.epci as string },
      { status: 'registered' },
      { status: 'unregistered', libraryId: (libraries[2] as { id: string }).id },
      { duplicates: true },
      { duplicates: true, epci: figeac.epci as string, status: 'registered' },
    ];
    const byId = new Map(stored.map((patron) => [patron.id, patron]));
    let capped = 0;
    let exact = 0;
    for (const text of queries.filter((q) => searchKey(q) !== ''))
      for (const filter of filters) {
        const input = { text, status: 'all', duplicates: false, offset: 0, limit: 1000, ...filter } as const;
        const expected = bruteForce(stored, input, inEpci);
        const answer = await api.call('patron.search', input);
        const ids = answer.patrons.map((p) => p.id);
        const context = `« ${text} » ${JSON.stringify(filter)}`;
        if (expected.length <= searchCap) {
          exact += 1;
          expect({ context, total: answer.total, more: answer.more, ids }).toEqual({
            context,
            total: expected.length,
            more: false,
            ids: expected.map((p) => p.id),
          });
          if (expected.length > 3) {
            const page = await api.call('patron.search', { ...input, offset: 2, limit: 2 });
            expect(page.patrons.map((p) => p.id)).toEqual(ids.slice(2, 4));
          }
        } else {
          // Past the cap: a thousand of the matches, sorted by name, and the word to refine the search.
          capped += 1;
          expect({ context, total: answer.total, more: answer.more }).toEqual({
            context,
            total: searchCap,
            more: true,
          });
          const matching = new Set(expected.map((p) => p.id));
          expect(new Set(ids).size).toBe(searchCap);
          expect(ids.filter((id) => !matching.has(id))).toEqual([]);
          const keys = ids.map((id) => (byId.get(id) as Stored).name_key);
          expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        }
      }
    // The generated patrons exercise both sides of the cap.
    expect(capped).toBeGreaterThan(5);
    expect(exact).toBeGreaterThan(300);
  }, 120_000);

  it('for one or two letters, gives the thousand alphabetically first patrons whose name starts so', async () => {
    const { api, stored } = await setUpOnce();
    const answer = await api.call('patron.search', { text: 'ma', limit: 1000 });
    const expected = bruteForce(
      stored,
      { text: 'ma', status: 'all', duplicates: false, offset: 0, limit: 1000 },
      new Set(),
    );
    expect(expected.length).toBeGreaterThan(searchCap);
    expect(answer).toMatchObject({ total: searchCap, more: true });
    const last = stored.find((p) => p.id === answer.patrons.at(-1)?.id) as Stored;
    const returned = new Set(answer.patrons.map((p) => p.id));
    // Every patron left out comes after the last one shown, by name.
    expect(expected.filter((p) => !returned.has(p.id) && p.name_key < last.name_key)).toEqual([]);
  }, 120_000);
});

let prepared: ReturnType<typeof setUp> | undefined;
function setUpOnce() {
  prepared ??= setUp();
  return prepared;
}
