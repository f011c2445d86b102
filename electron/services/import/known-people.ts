import type BetterSqlite3 from 'better-sqlite3';
import { readPeoplePairs } from '../../../db/queries/import-statements.ts';

/**
 * The (name key, birth date) pairs of the stored patrons, as sorted 32-bit hashes. Most rows of a file are
 * nobody's duplicate: ruling them out here spares each an index lookup, and only the few whose hash is
 * known go to the exact comparison in SQL (`sameOtherPeople`). A worker builds it once — the worker kept
 * ready does so before any file arrives — and again only once another connection has committed since
 * (`data_version`), so it never misses a patron stored meanwhile.
 */
export class KnownPeople {
  private hashes = new Int32Array(0);
  private version: number | null = null;

  constructor(private readonly db: BetterSqlite3.Database) {}

  /** Rebuilds the hashes if the database changed since they were read. */
  refresh(): this {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version === this.version) return this;
    const hashes: number[] = [];
    for (const [key, birthDate] of readPeoplePairs(this.db)) hashes.push(personHash(key, birthDate));
    this.hashes = Int32Array.from(hashes).sort();
    this.version = version;
    return this;
  }

  /** False when no stored patron has these names and birth date; true when one may have them. */
  mayHave(key: string, birthDate: string): boolean {
    const wanted = personHash(key, birthDate);
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

/** FNV-1a over the name key, a separator and the birth date. */
function personHash(key: string, birthDate: string): number {
  let hash = 0x811c9dc5;
  const text = `${key}\u0000${birthDate}`;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
