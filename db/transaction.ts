import { setTimeout as sleep } from 'node:timers/promises';
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type QueryResult,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { dbBusyError, isBusy } from '../shared/errors.ts';

/**
 * THE way this app writes to its SQLite file: every write transaction begins IMMEDIATE.
 *
 * Why: in WAL mode a deferred transaction (`BEGIN`) that reads, then writes, gets SQLITE_BUSY at once —
 * `busy_timeout` is never consulted — when another connection (the import worker, a CLI sync in another
 * process, a restore) committed since it started reading. `BEGIN IMMEDIATE` takes the write lock first,
 * so the only wait is for the lock itself, which SQLite can wait for.
 *
 * How long: `writeWaitMs` at most, then DB_BUSY with a French message, never INTERNAL. Connections on
 * an event loop (the app's, the CLI's) wait asynchronously — the loop keeps serving, and the pre-import
 * backup the import worker waits on keeps copying — while threads that may block (the import worker,
 * migrations, restores) wait inside SQLite.
 *
 * `npm test` checks that no code outside this file begins a transaction (tests/unit/write-path.test.ts).
 */

/** A write waits this long for another connection's write (an import commit, a restore) to finish. */
export const writeWaitMs = 15_000;

/**
 * Runs `attempt` until it does not meet SQLITE_BUSY, pausing between tries without blocking the event
 * loop; after `waitMs`, DB_BUSY. Only for work that changed nothing when it met SQLITE_BUSY (a BEGIN, a
 * statement outside any transaction, a restore whose copy was refused the lock): retrying it is safe.
 */
export async function retryWhileBusy<T>(attempt: () => T | Promise<T>, waitMs = writeWaitMs): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let pause = 2; ; pause = Math.min(pause * 2, 25)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (Date.now() >= deadline) throw dbBusyError(error);
    }
    // A little jitter, so two waiting connections do not knock at the same instants.
    await sleep(pause + Math.random() * pause);
  }
}

/**
 * A write transaction on a raw connection from code on an event loop (the sync engine's pages): waits
 * for the lock asynchronously, then runs `work` synchronously, committing or rolling back.
 * The caller must hold the connection (kysely's lock) so nothing else uses it meanwhile.
 */
export async function writeTransactionAsync<T>(
  sqlite: BetterSqlite3.Database,
  work: () => T,
  waitMs = writeWaitMs,
): Promise<T> {
  await retryWhileBusy(() => sqlite.exec('BEGIN IMMEDIATE'), waitMs);
  try {
    const result = work();
    sqlite.exec('COMMIT');
    return result;
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}

/**
 * A write transaction on a thread that may block (the import worker, migrations, a restore's checks):
 * SQLite itself waits for the lock, up to `waitMs`. Nested calls become savepoints, as in better-sqlite3.
 */
export function writeTransaction<T>(sqlite: BetterSqlite3.Database, work: () => T, waitMs = writeWaitMs): T {
  if (sqlite.inTransaction) return sqlite.transaction(work)();
  const previous = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma(`busy_timeout = ${waitMs}`);
  try {
    return sqlite.transaction(work).immediate();
  } catch (error) {
    throw isBusy(error) ? dbBusyError(error) : error;
  } finally {
    sqlite.pragma(`busy_timeout = ${previous}`);
  }
}

/**
 * Opens a read snapshot on a connection that only reads (the pre-import backup's copy, which spans awaits):
 * a deferred begin is right here, and `query_only` makes a write inside it an error rather than a
 * SQLITE_BUSY waiting to happen. Returns what ends it.
 */
export function openReadSnapshot(sqlite: BetterSqlite3.Database): () => void {
  sqlite.pragma('query_only = ON');
  sqlite.exec('BEGIN DEFERRED');
  // A deferred begin takes its snapshot at the first read.
  sqlite.prepare('SELECT count(*) FROM sqlite_schema').get();
  return () => {
    if (sqlite.inTransaction) sqlite.exec('COMMIT');
    sqlite.pragma('query_only = OFF');
  };
}

/**
 * kysely over better-sqlite3, with `db.transaction()` beginning IMMEDIATE and every statement that runs
 * outside a transaction retried while busy, both asynchronously (see above). The connection's own
 * `busy_timeout` stays at 0 so no wait ever blocks the event loop.
 */
export class WaitingSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig & { database: BetterSqlite3.Database };
  readonly #waitMs: number;

  constructor(config: SqliteDialectConfig & { database: BetterSqlite3.Database }, waitMs = writeWaitMs) {
    super(config);
    this.#config = config;
    this.#waitMs = waitMs;
  }

  override createDriver() {
    return new WaitingSqliteDriver(this.#config, this.#waitMs);
  }
}

class WaitingSqliteDriver extends SqliteDriver {
  readonly #sqlite: BetterSqlite3.Database;
  readonly #waitMs: number;

  constructor(config: SqliteDialectConfig & { database: BetterSqlite3.Database }, waitMs: number) {
    super(config);
    this.#sqlite = config.database;
    this.#waitMs = waitMs;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    const sqlite = this.#sqlite;
    const waitMs = this.#waitMs;
    return {
      executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        // Inside a transaction begun IMMEDIATE the lock is held: a busy statement there is a real error.
        if (sqlite.inTransaction) return connection.executeQuery<R>(query);
        return retryWhileBusy(() => connection.executeQuery<R>(query), waitMs);
      },
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number) =>
        connection.streamQuery<R>(query, chunkSize),
    };
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
