import { type Kysely, sql } from 'kysely';
import { memoize, searchKey } from '../../shared/text.ts';
import type { Database } from '../schema.ts';
import { filters, type Match, numberRanges, type PatronQuery, searchCap } from './patron-search-scope.ts';

/**
 * Several words of three letters or more (« hélène martin », « gmail com »): patrons whose indexed text
 * (folded names, card, e-mail) holds every word.
 *
 * Asking the trigram index for each word as a phrase is exact but slow when the words are common: FTS5
 * walks every trigram's position list (« hélène » and « martin » are eight lists, 460,000 entries over a
 * million patrons) and checks positions wherever they meet — 10 ms for a thousand matches. Instead the
 * index is asked for each word's rarest trigram, which a few thousand patrons hold at most, without
 * positions; each candidate's row is then checked exactly, as folded text. Same answers, a fraction of the
 * index read: the whole million scanned in about 2 ms for two common names.
 *
 * Null when those trigrams are common together (« gmail com »): the phrases then reach the first thousand
 * matches within the index's first few thousand entries, sooner than rows could be read and checked.
 */
export async function wordMatches(db: Kysely<Database>, query: PatronQuery): Promise<Match[] | null> {
  const { words } = query;
  if (words.length < 2 || words.some((word) => word.length < 3)) return null;
  const { terms, share } = await rarestTrigrams(db, words);
  if (share > denseShare) return null;
  const found: Match[] = [];
  for (const { low, high } of await numberRanges(db, query)) {
    let from = low;
    for (;;) {
      const { rows } = await sql<Candidate>`SELECT p.num, p.name_key, p.last_name, p.first_name,
          p.card_number, p.email
        FROM patron_search s CROSS JOIN patron AS p
        WHERE patron_search MATCH ${terms}
          AND s.rowid >= CAST(${from} AS INTEGER) AND s.rowid <= CAST(${high} AS INTEGER)
          AND p.num = s.rowid AND ${filters(query, true)}
        LIMIT ${chunk}`.execute(db);
      for (const row of rows)
        if (holdsWords(row, words)) {
          found.push({ num: row.num, name_key: row.name_key });
          if (found.length > searchCap) return found;
        }
      if (rows.length < chunk) break;
      from = (rows.at(-1) as Candidate).num + 1;
    }
  }
  return found;
}

type Candidate = Match & {
  last_name: string;
  first_name: string | null;
  card_number: string;
  email: string | null;
};

/** Candidates read at a time: enough that a common pair takes one or two reads, few enough to stop early. */
const chunk = 1024;

/** A term's density is estimated from the number of the patron holding it at this rank. */
const probeRank = 64;

/** Above this expected share of patrons holding every word's rarest trigram, the phrases are cheaper. */
const denseShare = 0.01;

/** Each word's second rarest trigram is added when the rarest ones let more than this many through. */
const enoughCandidates = 2000;

/**
 * The FTS5 query of a few trigrams that every match holds: each word's rarest, and its second rarest too
 * when many candidates are expected — past two, reading a list costs more than checking what it would rule
 * out. `share`: the expected share of patrons holding every word's rarest trigram.
 */
async function rarestTrigrams(
  db: Kysely<Database>,
  words: string[],
): Promise<{ terms: string; share: number }> {
  const perWord = words.map((word) => [...new Set(trigrams(word))]);
  const { patrons, density } = await densities(db, [...new Set(perWord.flat())]);
  const ranked = perWord.map((list) =>
    [...list].sort((a, b) => (density.get(a) as number) - (density.get(b) as number)),
  );
  // A word's trigrams come together (every Martin holds all of « martin »'s): a word lets through about
  // its rarest trigram's share, and different words are taken as independent.
  const share = ranked.reduce((product, list) => product * (density.get(list[0] as string) as number), 1);
  // Each word's second rarest rules out those who hold the first elsewhere: worth a list only when many are
  // expected.
  const chosen = ranked.flatMap((list) =>
    patrons * share > enoughCandidates ? list.slice(0, 2) : list.slice(0, 1),
  );
  return { terms: [...new Set(chosen)].map(quoted).join(' AND '), share };
}

/**
 * Each trigram's density, read off the index itself: the 64th patron holding it is about 64 / density
 * (fewer than 64 holders: as rare as it gets, whatever the exact count). Kept per database while the
 * patrons' count stays within a tenth of what it was: a density only chooses the terms, never the answer,
 * and a librarian typing « hélène ma », « hélène mar »… asks for the same trigrams again.
 */
async function densities(
  db: Kysely<Database>,
  terms: string[],
): Promise<{ patrons: number; density: Map<string, number> }> {
  const { rows } = await sql<{ top: number | null }>`SELECT max(num) AS top FROM patron`.execute(db);
  const patrons = Math.max(1, rows[0]?.top ?? 1);
  let known = densityCache.get(db);
  if (!known || Math.abs(patrons - known.patrons) > known.patrons / 10 || known.density.size > 50_000) {
    known = { patrons, density: new Map() };
    densityCache.set(db, known);
  }
  const { density } = known;
  const missing = terms.filter((term) => !density.has(term));
  if (missing.length > 0) {
    const { rows: read } = await sql<Record<string, number | null>>`SELECT ${sql.join(
      missing.map(
        (term, i) =>
          sql`(SELECT rowid FROM patron_search WHERE patron_search MATCH ${quoted(term)}
            LIMIT 1 OFFSET ${probeRank - 1}) AS ${sql.ref(`t${i}`)}`,
      ),
      sql`, `,
    )}`.execute(db);
    missing.forEach((term, i) => {
      const at = read[0]?.[`t${i}`];
      density.set(term, at === null || at === undefined ? 0 : Math.min(1, probeRank / at));
    });
  }
  return { patrons, density };
}

const densityCache = new WeakMap<Kysely<Database>, { patrons: number; density: Map<string, number> }>();

/** The trigrams of a word as FTS5's trigram tokenizer cuts them: by character, not by UTF-16 unit. */
function trigrams(word: string): string[] {
  const chars = [...word];
  return chars.slice(0, -2).map((_, i) => chars.slice(i, i + 3).join(''));
}

const quoted = (term: string) => `"${term.replaceAll('"', '""')}"`;

/**
 * True when every word is in one of the texts the index holds for the row, folded as they were folded
 * (`searchText`): a word, letters and digits only, lies inside one field. Names, which repeat, are folded
 * once per process; the card and the e-mail only when a word is in neither name. Printable ASCII folds to
 * its lower case with punctuation as spaces, so for such a card or e-mail the lower case alone answers.
 */
function holdsWords(row: Candidate, words: string[]): boolean {
  let card: string | undefined;
  let email: string | undefined;
  for (const word of words) {
    if (foldName(row.last_name).includes(word)) continue;
    if (row.first_name !== null && foldName(row.first_name).includes(word)) continue;
    card ??= folded(row.card_number);
    if (card.includes(word)) continue;
    email ??= row.email === null ? '' : folded(row.email);
    if (!email.includes(word)) return false;
  }
  return true;
}

const printableAscii = /^[ -~]*$/;
const foldName = memoize(searchKey);
const folded = (value: string) => (printableAscii.test(value) ? value.toLowerCase() : searchKey(value));
