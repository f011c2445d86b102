import fs from 'node:fs';
import { copyDatabase } from '../../../db/backup.ts';
import { watchCommits } from '../../../db/pragmas.ts';
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
  /**
   * Whether the copy can still stand for « the database just before the import »: it did not fail, and no
   * connection has committed anything since it began.
   */
  stillCurrent(): boolean;
  /** The import committed on this copy: it is kept (older backups rotated out). */
  keep(): Promise<void>;
  /** No import came of this copy (cancelled, or the database changed since): it is removed once written. */
  discard(): Promise<void>;
}

/**
 * The backup taken before an import commit, started as soon as the file is analysed (the person then
 * reads the preview for a few seconds at least) and copied from a read snapshot (db/backup.ts
 * `copyDatabase`), so it is the database exactly as it was then, whatever the import worker or the app write
 * meanwhile. At the commit, a copy that is still current serves, so the import does not wait for it; if
 * anything was committed since it began (a staff edit, a sync), the commit takes a fresh one instead. The
 * worker's transaction ends only when the gate says the backup is on disk, and rolls back if it could not
 * be written (a full disk).
 */
export function startPreCommitBackup(databasePath: string, now: Date): PreCommitBackup {
  const gate = new SharedArrayBuffer(4);
  const cell = new Int32Array(gate);
  const settle = (state: number) => {
    Atomics.store(cell, 0, state);
    Atomics.notify(cell, 0);
  };
  // Opened before the copy's snapshot begins: a commit landing in between counts as a change (a fresh
  // copy at the commit), never the other way round.
  const watch = watchCommits(databasePath);
  let failed = false;
  const done = (async () => {
    try {
      const entry = await copyDatabase(databasePath, backupDirFor(databasePath), 'avant-import', now);
      settle(gateOpen);
      return { ...entry, size: fs.statSync(entry.file).size };
    } catch (error) {
      failed = true;
      settle(gateShut);
      throw error;
    }
  })();
  // A failed copy is the commit's to report (BACKUP_FAILED, DISK_FULL), if a commit ever comes.
  done.catch(() => {});
  return {
    gate,
    done,
    stillCurrent: () => !failed && !watch.committedSince(),
    async keep() {
      watch.close();
      await done;
      rotateBackups(databasePath);
    },
    async discard() {
      watch.close();
      const entry = await done.catch(() => null);
      if (entry) fs.rmSync(entry.file, { force: true });
    },
  };
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
