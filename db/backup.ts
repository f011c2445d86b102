import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError, isDiskFull } from '../shared/errors.ts';
import { openReadSnapshot } from './transaction.ts';

/**
 * THE way a copy of the database file is written, whoever asks (a migration, a daily backup, a restore
 * keeping the current file: `writeBackup`; a manual backup or an import about to commit, which must not
 * hold the event loop: `copyDatabase`): a temporary name, flushed to disk, then renamed. The copy is consistent even while the WAL holds uncommitted pages, and a failed
 * copy (disk full) leaves no half-file that could later be taken for a backup.
 */

export interface BackupFile {
  /** Sortable: `20261125T171828123Z-quotidienne` (UTC timestamp, then the reason). */
  id: string;
  file: string;
  /** ISO 8601, UTC. */
  at: string;
  reason: string;
}

const idPattern = /^(\d{8}T\d{9}Z)-([a-z0-9-]{1,60})$/;

export function isBackupId(id: string): boolean {
  return idPattern.test(id);
}

/** `2026-11-25T17:18:28.123Z` → `20261125T171828123Z`: sorts as text in time order. */
export function backupStamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

export function stampDate(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp);
  if (!m) return '';
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`;
}

/** Backups of `mednum-admin.sqlite` are `mednum-admin.<id>.sqlite`: several databases may share a folder. */
export function backupFileName(databaseFile: string, id: string): string {
  return `${path.basename(databaseFile, path.extname(databaseFile))}.${id}.sqlite`;
}

/** Reads a backup's id back from its file name, or null for any other file. */
export function parseBackupFileName(databaseFile: string, fileName: string): { id: string } | null {
  const prefix = `${path.basename(databaseFile, path.extname(databaseFile))}.`;
  if (!fileName.startsWith(prefix) || !fileName.endsWith('.sqlite')) return null;
  const id = fileName.slice(prefix.length, -'.sqlite'.length);
  return isBackupId(id) ? { id } : null;
}

export function describeBackup(dir: string, databaseFile: string, id: string): BackupFile {
  const [, stamp = '', reason = ''] = idPattern.exec(id) ?? [];
  return { id, file: path.join(dir, backupFileName(databaseFile, id)), at: stampDate(stamp), reason };
}

/**
 * The name a new backup takes in `dir` (created if needed): `now` and `reason`, or the next free
 * millisecond, so that a backup never overwrites another.
 */
export function nextBackupEntry(dir: string, databaseFile: string, reason: string, now: Date): BackupFile {
  fs.mkdirSync(dir, { recursive: true });
  for (let at = now.getTime(); ; at += 1) {
    const entry = describeBackup(dir, databaseFile, `${backupStamp(new Date(at))}-${reason}`);
    if (!fs.existsSync(entry.file)) return entry;
  }
}

/** A finished copy, flushed to disk, takes its final name: a backup is never seen half-written. */
export function publishBackup(partial: string, file: string): void {
  const fd = fs.openSync(partial, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, file);
}

/**
 * Writes a consistent copy of the database `sqlite` is connected to into `dir`, named after `reason`
 * and `now`. A second copy within the same millisecond moves on to the next one, never overwriting.
 */
export function writeBackup(
  sqlite: BetterSqlite3.Database,
  dir: string,
  reason: string,
  now: Date = new Date(),
): BackupFile {
  let entry: BackupFile;
  try {
    entry = nextBackupEntry(dir, sqlite.name, reason, now);
  } catch (cause) {
    throw backupError(cause, dir);
  }
  const partial = `${entry.file}.partial`;
  try {
    sqlite.prepare('VACUUM INTO ?').run(partial);
    publishBackup(partial, entry.file);
    return entry;
  } catch (cause) {
    fs.rmSync(partial, { force: true });
    throw backupError(cause, dir);
  }
}

/**
 * The same copy, without holding the event loop: a connection of its own opens a read transaction first,
 * so the copy is the database exactly as it was then, whatever other connections (the app's, an import
 * worker on the other core) write meanwhile; SQLite's online backup copies that snapshot page by page,
 * between which the event loop stays free. Writers are never blocked by it.
 */
export async function copyDatabase(
  databasePath: string,
  dir: string,
  reason: string,
  now: Date = new Date(),
  onPages?: (done: number, total: number) => void,
): Promise<BackupFile> {
  let snapshot: BetterSqlite3.Database | null = null;
  let endSnapshot: (() => void) | null = null;
  let partial: string | null = null;
  try {
    snapshot = new BetterSqlite3(databasePath, { fileMustExist: true });
    // Every page passes through once: a small cache, not the 64 MB the app's connections keep.
    snapshot.pragma('cache_size = -2048');
    endSnapshot = openReadSnapshot(snapshot);
    const entry = nextBackupEntry(dir, databasePath, reason, now);
    partial = `${entry.file}.partial`;
    await snapshot.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        onPages?.(totalPages - remainingPages, totalPages);
        // better-sqlite3's own rate, said again: 100 pages per step, the event loop free between steps.
        return 100;
      },
    });
    publishBackup(partial, entry.file);
    partial = null;
    return entry;
  } catch (cause) {
    if (partial) fs.rmSync(partial, { force: true });
    throw backupError(cause, dir);
  } finally {
    endSnapshot?.();
    snapshot?.close();
  }
}

export function backupError(cause: unknown, dir: string): AppError {
  if (cause instanceof AppError) return cause;
  if (isDiskFull(cause))
    return new AppError(
      'DISK_FULL',
      `Disque plein : la sauvegarde n’a pas pu être écrite dans « ${dir} ». Rien n’a été modifié ; libérez de la place sur le disque puis recommencez.`,
      { cause },
    );
  return new AppError(
    'BACKUP_FAILED',
    `La sauvegarde n’a pas pu être écrite dans « ${dir} » : vérifiez le dossier et les droits. Rien n’a été modifié.`,
    { cause },
  );
}

/** `PRAGMA quick_check` (or the full `integrity_check`): true when SQLite finds nothing wrong. */
export function isIntact(sqlite: BetterSqlite3.Database, full = false): boolean {
  try {
    const rows = sqlite.pragma(full ? 'integrity_check' : 'quick_check', { simple: false }) as Record<
      string,
      string
    >[];
    return rows.length === 1 && Object.values(rows[0] ?? {})[0] === 'ok';
  } catch {
    return false;
  }
}
