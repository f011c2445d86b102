import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { createSyncApplier, type SyncApplier } from '../../../db/queries/sync-apply.ts';
import type { Database } from '../../../db/schema.ts';
import { patronSearchText } from '../import/patron-row.ts';

/** The local database as the sync engine uses it: kysely for reads, raw statements for applying pages. */
export interface Mirror {
  db: Kysely<Database>;
  sqlite: BetterSqlite3.Database;
  applier: SyncApplier;
  /**
   * Runs `work` as one SQLite transaction while holding kysely's connection, so it never lands in the
   * middle of a staff edit's transaction (kysely serialises its users; raw statements would not wait).
   * Synchronous work only: short transactions keep the app responsive.
   */
  transaction<T>(work: () => T): Promise<T>;
  /**
   * Holds kysely's connection for synchronous work that manages its own transaction, so it may first set
   * connection pragmas, which SQLite ignores inside a transaction (a snapshot page turns foreign keys off).
   */
  exclusive<T>(work: (sqlite: BetterSqlite3.Database) => T): Promise<T>;
}

export function openMirror(db: Kysely<Database>, sqlite: BetterSqlite3.Database, now: () => Date): Mirror {
  const applier = createSyncApplier(sqlite, {
    now,
    patronSearchText,
  });
  return {
    db,
    sqlite,
    applier,
    transaction: (work) => db.connection().execute(async () => sqlite.transaction(work)()),
    exclusive: (work) => db.connection().execute(async () => work(sqlite)),
  };
}
