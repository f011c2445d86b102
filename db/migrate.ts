import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../shared/errors.ts';
import { writeBackup } from './backup.ts';
import { migrations as appMigrations } from './migrations/index.ts';
import type { Migration } from './migrations/migration.ts';
import { writeTransaction } from './transaction.ts';

export function schemaVersion(sqlite: BetterSqlite3.Database): number {
  return sqlite.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema to `target`, one migration per transaction so a failure leaves the file at the
 * last good version. Returns the backup taken before the first step, if the file held data.
 */
export function migrate(
  sqlite: BetterSqlite3.Database,
  options: { target?: number; backupDir?: string; now?: Date; migrations?: readonly Migration[] } = {},
): { from: number; to: number; backupPath: string | null } {
  const migrations = options.migrations ?? appMigrations;
  const latestVersion = migrations.length;
  const target = options.target ?? latestVersion;
  const from = schemaVersion(sqlite);
  if (from > latestVersion) {
    throw new AppError(
      'DB_NEWER_THAN_APP',
      'Cette base de données a été créée par une version plus récente de mednum-admin : mettez l’application à jour.',
    );
  }
  if (from >= target) return { from, to: from, backupPath: null };

  // A fresh file has nothing to lose; any other file is copied before its schema changes.
  const backupPath =
    from > 0 && options.backupDir
      ? writeBackup(sqlite, options.backupDir, `avant-migration-v${from}-v${target}`, options.now).file
      : null;
  for (const migration of migrations.slice(from, target)) {
    writeTransaction(sqlite, () => {
      migration.up(sqlite);
      sqlite.pragma(`user_version = ${migration.version}`);
    });
  }
  return { from, to: target, backupPath };
}
