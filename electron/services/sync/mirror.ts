import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { checkForeignKeys } from '../../../db/pragmas.ts';
import { createSyncApplier, type SyncApplier } from '../../../db/queries/sync-apply.ts';
import type { Database } from '../../../db/schema.ts';
import { writeTransactionAsync } from '../../../db/transaction.ts';
import { patronSearchText } from '../import/patron-row.ts';

/** The local database as the sync engine uses it: kysely for reads, raw statements for applying pages. */
export interface Mirror {
  db: Kysely<Database>;
  sqlite: BetterSqlite3.Database;
  applier: SyncApplier;
  /** The app's clock (what a pulled row lacking its stamps is stamped with). */
  now(): Date;
  /**
   * Runs `work` as one write transaction (begun IMMEDIATE, the lock awaited without blocking the event
   * loop) while holding kysely's connection, so it never lands in the middle of a staff edit's transaction
   * (kysely serialises its users; raw statements would not wait). Synchronous work only: short
   * transactions keep the app responsive. `foreignKeys: false` turns the checks off around it (a snapshot
   * page may name a row of a later page), which SQLite only allows outside a transaction.
   */
  write<T>(work: () => T, options?: { foreignKeys?: false }): Promise<T>;
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
    now,
    write: (work, options) =>
      db.connection().execute(async () => {
        if (options?.foreignKeys !== false) return writeTransactionAsync(sqlite, work);
        checkForeignKeys(sqlite, false);
        try {
          return await writeTransactionAsync(sqlite, work);
        } finally {
          checkForeignKeys(sqlite, true);
        }
      }),
  };
}
