import fs from 'node:fs';
import { copyDatabase } from '../../../db/backup.ts';
import { AppError } from '../../../shared/errors.ts';
import { type BackupEntry, backupDirFor, rotateBackups } from '../backup/backups.ts';

/** The worker's COMMIT waits on this cell: 0 while the backup runs, then `gateOpen` or `gateShut`. */
export const gateOpen = 1;
export const gateShut = 2;

export interface PreCommitBackup {
  /** Shared with the import worker, which holds its COMMIT until the backup is safely on disk. */
  gate: SharedArrayBuffer;
  /** The backup written (or why not: DISK_FULL, BACKUP_FAILED), once the gate is set. */
  done: Promise<BackupEntry>;
}

/**
 * The backup taken before an import commit, without making the import wait for it: copied from a read
 * snapshot (db/backup.ts `copyDatabase`), so it is the database exactly as it was before the import even
 * while the import worker writes its rows on the other core. The worker's transaction ends only when the
 * gate says the backup is on disk, and rolls back if it could not be written (a full disk).
 */
export function startPreCommitBackup(databasePath: string, now: Date): PreCommitBackup {
  const gate = new SharedArrayBuffer(4);
  const cell = new Int32Array(gate);
  const settle = (state: number) => {
    Atomics.store(cell, 0, state);
    Atomics.notify(cell, 0);
  };
  const done = (async () => {
    try {
      const entry = await copyDatabase(databasePath, backupDirFor(databasePath), 'avant-import', now);
      rotateBackups(databasePath);
      settle(gateOpen);
      return { ...entry, size: fs.statSync(entry.file).size };
    } catch (error) {
      settle(gateShut);
      throw error;
    }
  })();
  return { gate, done };
}

/** The worker's side: blocks its COMMIT until the backup is on disk; throws (rolling back) if it failed. */
export function waitForBackup(gate: SharedArrayBuffer) {
  const cell = new Int32Array(gate);
  // A backup of a large database takes seconds; an hour means the main process is gone.
  Atomics.wait(cell, 0, 0, 3_600_000);
  if (Atomics.load(cell, 0) !== gateOpen) {
    throw new AppError(
      'BACKUP_FAILED',
      'La sauvegarde d’avant l’import n’a pas pu être écrite : rien n’a été enregistré.',
    );
  }
}
