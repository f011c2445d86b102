import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import {
  type BackupFile,
  backupStamp,
  copyDatabase,
  describeBackup,
  isBackupId,
  isIntact,
  parseBackupFileName,
  writeBackup,
} from '../../../db/backup.ts';
import { migrate, schemaVersion } from '../../../db/migrate.ts';
import { migrations } from '../../../db/migrations/index.ts';
import { configureConnection, openConnection } from '../../../db/open.ts';
import { checkpoint, dataVersion } from '../../../db/pragmas.ts';
import { retryWhileBusy } from '../../../db/transaction.ts';
import { AppError, isBusy, isDiskFull } from '../../../shared/errors.ts';

/**
 * Backups of the local database, in the `sauvegardes/` folder beside it: taken every day (the first
 * time the app or the CLI opens the file after 24 hours), before every migration and every import
 * commit, and on demand; the 14 newest are kept. A restore copies a verified backup back into the file.
 */

export { keptBackups } from '../../../shared/domain/backup.ts';

import { keptBackups } from '../../../shared/domain/backup.ts';
export const dailyInterval = 24 * 60 * 60 * 1000;

export type BackupReason = 'manuelle' | 'quotidienne' | 'avant-import' | 'avant-restauration' | 'apres-purge';

export interface BackupEntry extends BackupFile {
  size: number;
}

export function backupDirFor(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), 'sauvegardes');
}

/** The backups of this database, newest first. */
export function listBackups(databasePath: string): BackupEntry[] {
  const dir = backupDirFor(databasePath);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const entries: BackupEntry[] = [];
  for (const name of names) {
    const parsed = parseBackupFileName(databasePath, name);
    if (!parsed) continue;
    const entry = describeBackup(dir, databasePath, parsed.id);
    try {
      entries.push({ ...entry, size: fs.statSync(entry.file).size });
    } catch {
      // Removed meanwhile (another process rotated): not listed.
    }
  }
  return entries.sort((a, b) => (a.id < b.id ? 1 : -1));
}

const abandonedPartialMs = 15 * 60_000;

/** Keeps the `keep` newest backups of this database and removes the others (and any leftover partial copy). */
export function rotateBackups(databasePath: string, keep = keptBackups): string[] {
  const removed: string[] = [];
  for (const entry of listBackups(databasePath).slice(keep)) {
    fs.rmSync(entry.file, { force: true });
    removed.push(entry.id);
  }
  const dir = backupDirFor(databasePath);
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (!name.endsWith('.sqlite.partial')) continue;
    // A copy under way (the pre-import one while a manual one ends) keeps writing: only an abandoned
    // one (a process stopped mid-copy) is left untouched for long.
    const file = path.join(dir, name);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > abandonedPartialMs) fs.rmSync(file, { force: true });
  }
  return removed;
}

/**
 * Removes the backups taken before `before` (the moment a purge ended, or the start of the retention
 * period): they hold people the registry no longer keeps. `keep` is spared (the one just taken).
 */
export function removeBackupsBefore(databasePath: string, before: Date, keep?: string): string[] {
  const removed: string[] = [];
  for (const entry of listBackups(databasePath)) {
    if (entry.id === keep || Date.parse(entry.at) >= before.getTime()) continue;
    fs.rmSync(entry.file, { force: true });
    removed.push(entry.id);
  }
  return removed;
}

/** Writes a backup of the open database, then rotates. */
export function createBackup(
  sqlite: BetterSqlite3.Database,
  reason: BackupReason,
  now = new Date(),
): BackupEntry {
  const written = writeBackup(sqlite, backupDirFor(sqlite.name), reason, now);
  rotateBackups(sqlite.name);
  return { ...written, size: fs.statSync(written.file).size };
}

/** A backup taken on demand while the app works: the event loop stays free, writers are not blocked. */
export async function takeBackup(
  databasePath: string,
  reason: BackupReason,
  now: Date,
  onPages?: (done: number, total: number) => void,
): Promise<BackupEntry> {
  const written = await copyDatabase(databasePath, backupDirFor(databasePath), reason, now, onPages);
  rotateBackups(databasePath);
  return { ...written, size: fs.statSync(written.file).size };
}

/** The daily backup: taken when the newest backup of any kind is older than 24 hours (or there is none). */
export function ensureDailyBackup(sqlite: BetterSqlite3.Database, now = new Date()): BackupEntry | null {
  const newest = listBackups(sqlite.name)[0];
  if (newest && now.getTime() - Date.parse(newest.at) < dailyInterval) return null;
  return createBackup(sqlite, 'quotidienne', now);
}

export function findBackup(databasePath: string, id: string): BackupEntry {
  const entry = isBackupId(id) ? listBackups(databasePath).find((b) => b.id === id) : undefined;
  if (!entry) throw new AppError('NOT_FOUND', `Aucune sauvegarde « ${id} » pour cette base de données.`);
  return entry;
}

/** Opens a backup read-only and checks it fully: SQLite's integrity_check, and a schema this app can read. */
export function verifyBackup(entry: BackupEntry): void {
  let copy: BetterSqlite3.Database | undefined;
  try {
    copy = openConnection(entry.file, { readonly: true, mustExist: true });
    const intact = isIntact(copy, true);
    const version = schemaVersion(copy);
    if (!intact || version < 1 || version > migrations.length) throw new Error('unusable');
  } catch {
    throw new AppError(
      'BACKUP_INVALID',
      `La sauvegarde « ${entry.id} » est illisible ou endommagée : choisissez-en une autre. Rien n’a été modifié.`,
    );
  } finally {
    copy?.close();
  }
}

export interface RestoreResult {
  restored: BackupEntry;
  /** The file as it was just before, kept as a backup too (the restore can be undone). */
  safetyCopy: BackupEntry;
}

/**
 * Puts a backup back in place of the database at `databasePath`. The backup is checked first; the
 * current file is kept as an `avant-restauration` backup; then the backup's pages are copied into the
 * file by SQLite's online backup API, in one write transaction: other connections (the app's own, an
 * import worker, another process) see either the old or the restored database, never a mix, and the
 * WAL and shared-memory files stay SQLite's business. A damaged file that SQLite cannot write into at
 * all is replaced as a whole instead. Older backups are migrated to the current schema afterwards.
 */
export async function restoreBackup(
  databasePath: string,
  id: string,
  options: { now?: Date; live?: BetterSqlite3.Database } = {},
): Promise<RestoreResult> {
  const now = options.now ?? new Date();
  const restored = findBackup(databasePath, id);
  verifyBackup(restored);

  const own = options.live ? null : openConnection(databasePath, { mustExist: true });
  const live = options.live ?? (own as BetterSqlite3.Database);
  try {
    const safetyCopy = await retryWhileBusy(async () => {
      const copy = keepUpToDateCopy(live, databasePath, now);
      try {
        await copyPagesBack(restored.file, databasePath);
        return copy;
      } catch (cause) {
        // Nothing was restored: this copy is not the file's last state before a restore.
        if (isBusy(cause)) fs.rmSync(copy.file, { force: true });
        if (isBusy(cause) || isDiskFull(cause) || options.live) throw cause;
        // The current file is beyond SQLite's reach (header destroyed): replace it whole.
        live.close();
        replaceFile(databasePath, restored.file);
        return copy;
      }
    }).catch((cause: unknown) => {
      throw isDiskFull(cause) ? diskFullDuringRestore(cause) : cause;
    });
    const check = live.open ? live : openConnection(databasePath);
    try {
      // The app's own connection keeps its settings (it must never block its event loop on a lock).
      if (check !== options.live) configureConnection(check);
      migrate(check, { backupDir: backupDirFor(databasePath), now });
      checkpoint(check, 'TRUNCATE');
      if (!isIntact(check))
        throw new AppError('BACKUP_INVALID', 'La base restaurée ne passe pas la vérification d’intégrité.');
    } finally {
      if (check !== options.live) check.close();
    }
    rotateBackups(databasePath);
    return { restored, safetyCopy };
  } finally {
    if (own?.open) own.close();
  }
}

/**
 * The current file as a backup, taken again while other connections (the import worker, a CLI in another
 * process) committed during the copy: `data_version` moves when another connection commits. The restore
 * follows at once; a write that would land in the moment between is refused by the lock the restore then
 * takes (SQLITE_BUSY, and the whole is tried again), unless it is committed whole in that moment.
 */
function keepUpToDateCopy(live: BetterSqlite3.Database, databasePath: string, now: Date): BackupEntry {
  // A file SQLite cannot read any more has no version: its raw bytes are copied once.
  const version = () => {
    try {
      return dataVersion(live);
    } catch {
      return null;
    }
  };
  for (let attempt = 1; ; attempt++) {
    const before = version();
    const copy = keepCurrentFile(live, databasePath, now);
    if (version() === before || attempt === 5) return copy;
    fs.rmSync(copy.file, { force: true });
  }
}

/**
 * The backup's pages into the file, in one step: the destination's write lock is held until the end
 * either way, and the app's own connection must not wait on it between steps. The destination connection
 * does not wait for the lock (SQLITE_BUSY): the caller tries again with a fresh copy of the current file.
 */
async function copyPagesBack(backupFile: string, databasePath: string): Promise<void> {
  const source = openConnection(backupFile, { readonly: true });
  try {
    await source.backup(databasePath, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
}

/** The current file as a backup: a clean copy when SQLite can still read it, its raw bytes otherwise. */
function keepCurrentFile(live: BetterSqlite3.Database, databasePath: string, now: Date): BackupEntry {
  try {
    const written = writeBackup(live, backupDirFor(databasePath), 'avant-restauration', now);
    return { ...written, size: fs.statSync(written.file).size };
  } catch (error) {
    if (error instanceof AppError && error.code === 'DISK_FULL') throw error;
    const entry = describeBackup(
      backupDirFor(databasePath),
      databasePath,
      `${backupStamp(now)}-avant-restauration-endommagee`,
    );
    try {
      fs.mkdirSync(path.dirname(entry.file), { recursive: true });
      fs.copyFileSync(databasePath, entry.file);
      if (fs.existsSync(`${databasePath}-wal`)) fs.copyFileSync(`${databasePath}-wal`, `${entry.file}-wal`);
    } catch (cause) {
      if (isDiskFull(cause)) throw diskFullDuringRestore(cause);
      throw new AppError(
        'BACKUP_FAILED',
        'Impossible de garder une copie du fichier actuel : restauration annulée.',
        {
          cause,
        },
      );
    }
    return { ...entry, size: fs.statSync(entry.file).size };
  }
}

/** Copies `backupFile` over `databasePath` through a temporary name; its stale WAL and shared memory go. */
function replaceFile(databasePath: string, backupFile: string) {
  const temporary = `${databasePath}.restauration`;
  fs.copyFileSync(backupFile, temporary);
  for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${databasePath}${suffix}`, { force: true });
  fs.renameSync(temporary, databasePath);
}

function diskFullDuringRestore(cause: unknown): AppError {
  return new AppError(
    'DISK_FULL',
    'Disque plein : la restauration n’a pas eu lieu et la base de données est restée telle quelle. Libérez de la place sur le disque puis recommencez.',
    { cause },
  );
}
