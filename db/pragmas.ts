import BetterSqlite3 from 'better-sqlite3';
import { retryWhileBusy } from './transaction.ts';

/**
 * The few SQLite pragmas the services need beyond a connection's settings (open.ts), named for what they
 * do: with these, no SQL is written outside db/.
 */

/** Moves whenever another connection commits: what a cache of the database keys itself on. */
export const dataVersion = (sqlite: BetterSqlite3.Database) =>
  sqlite.pragma('data_version', { simple: true }) as number;

/**
 * A connection of its own that tells whether any connection has committed to the file since it was opened
 * (its `data_version` moved), until closed.
 */
export function watchCommits(databasePath: string): { committedSince(): boolean; close(): void } {
  const watch = new BetterSqlite3(databasePath, { readonly: true, fileMustExist: true });
  const opened = dataVersion(watch);
  return {
    committedSince: () => !watch.open || dataVersion(watch) !== opened,
    close: () => {
      if (watch.open) watch.close();
    },
  };
}

/**
 * Copies the WAL into the file: PASSIVE does what it can without waiting; TRUNCATE also empties the WAL
 * file, unless a reader still holds part of it (`busy`).
 */
export function checkpoint(sqlite: BetterSqlite3.Database, mode: 'PASSIVE' | 'TRUNCATE'): { busy: boolean } {
  const [result] = sqlite.pragma(`wal_checkpoint(${mode})`) as { busy: number }[];
  return { busy: (result?.busy ?? 0) !== 0 };
}

/** A connection that checkpoints only when told (the import worker, after its commit). */
export const checkpointOnlyWhenTold = (sqlite: BetterSqlite3.Database) =>
  sqlite.pragma('wal_autocheckpoint = 0');

/**
 * Runs `work` with this connection's automatic checkpoint off. After an import's commit, the WAL holds its
 * batch (100,000 new patrons: more than open.ts's threshold); the app's next commit would copy it into the
 * file on the main thread (0.26 s), while the import worker is about to do it off that thread.
 */
export async function withoutAutoCheckpoint<T>(
  sqlite: BetterSqlite3.Database,
  work: () => Promise<T>,
): Promise<T> {
  const pages = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  sqlite.pragma('wal_autocheckpoint = 0');
  try {
    return await work();
  } finally {
    sqlite.pragma(`wal_autocheckpoint = ${pages}`);
  }
}

/** Foreign keys checked, or not (a snapshot's pages arrive in any order; checked once at its end). */
export const checkForeignKeys = (sqlite: BetterSqlite3.Database, on: boolean) =>
  sqlite.pragma(`foreign_keys = ${on ? 'ON' : 'OFF'}`);

/**
 * Rewrites the whole file without its free pages (VACUUM), then empties the WAL: what deleted rows left
 * behind is gone from the disk. Seconds on a large base: for the rare purge, not for everyday writes.
 * Waits, without blocking the event loop, while another connection writes.
 */
export async function rewriteFile(sqlite: BetterSqlite3.Database): Promise<void> {
  await retryWhileBusy(() => sqlite.exec('VACUUM'));
  for (let attempt = 0; attempt < 50 && checkpoint(sqlite, 'TRUNCATE').busy; attempt += 1)
    await new Promise((resolve) => setTimeout(resolve, 100));
}
