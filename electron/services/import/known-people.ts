import type BetterSqlite3 from 'better-sqlite3';
import { dataVersion } from '../../../db/pragmas.ts';
import { readPeoplePairs } from '../../../db/queries/import-statements.ts';

/**
 * The (name key, birth date) pairs of the stored patrons — of every library, the importing one too — as
 * sorted 32-bit hashes. Most rows of a file are nobody's duplicate: ruling them out here spares each an
 * index lookup, and only the few whose hash is known go to the exact comparison in SQL (`samePeople`:
 * the same library under another card, or another library). A worker builds it once — the worker kept
 * ready does so before any file arrives — and again only once another connection has committed since
 * (`data_version`), so it never misses a patron stored meanwhile.
 */
export class KnownPeople {
  private hashes = new Int32Array(0);
  private version: number | null = null;

  constructor(private readonly db: BetterSqlite3.Database) {}

  /** Rebuilds the hashes if the database changed since they were read. */
  refresh(): this {
    const version = dataVersion(this.db);
    if (version === this.version) return this;
    const hashes: number[] = [];
    for (const [key, birthDate] of readPeoplePairs(this.db)) hashes.push(personHash(key, birthDate));
    this.hashes = Int32Array.from(hashes).sort();
    this.version = version;
    return this;
  }

  /** False when no stored patron has these names and birth date; true when one may have them. */
  mayHave(key: string, birthDate: string): boolean {
    return this.mayHaveHash(personHash(key, birthDate));
  }

  /** The same, from the pair's `personHash` (the analysis computes it once per row, for the file too). */
  mayHaveHash(wanted: number): boolean {
    const hashes = this.hashes;
    let low = 0;
    let high = hashes.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = hashes[middle] as number;
      if (value === wanted) return true;
      if (value < wanted) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}

/**
 * FNV-1a over the name key, a separator and the birth date — read in place: the name key is built by
 * concatenation, and hashing a joined copy would flatten a new string per row.
 */
export function personHash(key: string, birthDate: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash = Math.imul(hash, 0x01000193); // the separator, a 0 byte
  for (let i = 0; i < birthDate.length; i += 1) {
    hash ^= birthDate.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
