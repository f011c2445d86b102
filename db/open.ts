import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { AppError } from '../shared/errors.ts';
import { isIntact } from './backup.ts';
import { trustedCheck, writeStamp } from './integrity-stamp.ts';
import { migrate, schemaVersion } from './migrate.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { WaitingSqliteDialect, writeWaitMs } from './transaction.ts';

export interface OpenedDatabase {
  path: string;
  sqlite: BetterSqlite3.Database;
  db: Kysely<Database>;
  /** Where the pre-migration copy went, when a migration ran on a file that held data. */
  backupPath: string | null;
  /** `quick_check` found damage; only with `allowDamaged` (a restore), otherwise opening fails. */
  damaged: boolean;
  close(): Promise<void>;
}

/**
 * The settings every connection to the file uses, the app's own and each import worker's. `busyTimeoutMs`:
 * how long SQLite itself blocks for a lock — long on threads that may block, 0 on the event loop's
 * connection, whose waits are asynchronous (transaction.ts).
 */
export function configureConnection(sqlite: BetterSqlite3.Database, busyTimeoutMs = writeWaitMs) {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  sqlite.pragma('synchronous = NORMAL');
  // Big imports touch many index pages; the default 2 MB page cache made them spill to disk.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  // The WAL is copied into the file (checkpointed) by the connection whose commit takes it past this
  // many pages. An import writes some 50 MB to it and its worker checkpoints once done; with SQLite's
  // default (1,000 pages, 4 MB) the app's next small write would copy them, on the main thread.
  sqlite.pragma('wal_autocheckpoint = 16384');
  // Deleted content is overwritten in the pages written anyway (FAST: no extra I/O; ON cost imports a
  // third of their time). What FAST leaves in freed pages, a purge removes by rewriting the file
  // (db/pragmas.ts rewriteFile): a purged patron (RGPD) leaves no trace.
  sqlite.pragma('secure_delete = FAST');
}

/**
 * A raw connection to a database file, for the code that works below kysely (the import worker, backups,
 * restores): `readonly` for a file only read; `mustExist` to refuse creating one by mistake.
 */
export function openConnection(
  file: string,
  options: { readonly?: boolean; mustExist?: boolean } = {},
): BetterSqlite3.Database {
  return new BetterSqlite3(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.mustExist ?? false,
  });
}

/** A query slower than this holds the door that asked (and every other write) long enough to feel. */
export const slowQueryMs = 50;

/**
 * Opens (creating if needed) the SQLite file, applies the connection settings every caller relies on,
 * and migrates it. Fails with a French AppError, never a raw driver error.
 */
export function openDatabase(
  file: string,
  options: {
    backupDir?: string;
    now?: Date;
    allowDamaged?: boolean;
    /** How long a write waits for another connection's (tests shorten it). */
    writeWaitMs?: number;
    /** Told of every query through kysely that took `slowQueryMs` or more: its SQL, never its values. */
    onSlowQuery?: (sql: string, milliseconds: number) => void;
  } = {},
): OpenedDatabase {
  const resolved = path.resolve(file);
  const dir = path.dirname(resolved);
  if (!fs.existsSync(dir)) {
    throw new AppError(
      'DB_OPEN_FAILED',
      `Impossible d’ouvrir la base de données : le dossier « ${dir} » n’existe pas.`,
    );
  }

  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(resolved);
  } catch (cause) {
    throw new AppError('DB_OPEN_FAILED', `Impossible d’ouvrir la base de données « ${resolved} ».`, {
      cause,
    });
  }

  try {
    // Checked before anything writes to it: a migration on a damaged file could only make it worse.
    let damaged = false;
    try {
      configureConnection(sqlite, 0);
    } catch (cause) {
      if ((cause as { code?: string }).code !== 'SQLITE_CORRUPT') throw cause;
      damaged = true;
    }
    // quick_check only where it is needed (integrity-stamp.ts): a restore and a migration always check.
    const now = options.now ?? new Date();
    const mustCheck = options.allowDamaged || schemaVersion(sqlite) < migrations.length;
    let checkedAt = damaged || mustCheck ? null : trustedCheck(resolved, now);
    if (!damaged && checkedAt === null) {
      damaged = !isIntact(sqlite);
      checkedAt = now.toISOString();
    }
    if (damaged && !options.allowDamaged)
      throw new AppError('DB_CORRUPT', `La base de données « ${resolved} » est endommagée.`);
    const { backupPath } = damaged
      ? { backupPath: null }
      : migrate(sqlite, { backupDir: options.backupDir ?? path.join(dir, 'sauvegardes'), now: options.now });
    const { onSlowQuery } = options;
    const db = new Kysely<Database>({
      dialect: new WaitingSqliteDialect({ database: sqlite }, options.writeWaitMs),
      log: onSlowQuery
        ? (event) => {
            if (event.queryDurationMillis >= slowQueryMs)
              onSlowQuery(event.query.sql, Math.round(event.queryDurationMillis));
          }
        : undefined,
    });
    const close = async () => {
      await db.destroy();
      // kysely closes the connection only if it ever used it.
      if (sqlite.open) sqlite.close();
      if (!damaged && checkedAt) writeStamp(resolved, checkedAt);
    };
    return { path: resolved, sqlite, db, backupPath, damaged, close };
  } catch (cause) {
    sqlite.close();
    if (cause instanceof AppError) throw cause;
    if ((cause as { code?: string }).code === 'SQLITE_CORRUPT')
      throw new AppError('DB_CORRUPT', `La base de données « ${resolved} » est endommagée.`, { cause });
    const notADatabase = (cause as { code?: string }).code === 'SQLITE_NOTADB';
    throw new AppError(
      'DB_OPEN_FAILED',
      notADatabase
        ? `Le fichier « ${resolved} » n’est pas une base de données mednum-admin.`
        : `Impossible d’ouvrir la base de données « ${resolved} ».`,
      { cause },
    );
  }
}
