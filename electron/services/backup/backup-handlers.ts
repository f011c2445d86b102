import type { Handlers } from '../../../shared/contract.ts';
import { AppError } from '../../../shared/errors.ts';
import type { AppContext } from '../context.ts';
import { createBackup, listBackups, restoreBackup } from './backups.ts';

type BackupHandlers = Pick<Handlers, 'backup.list' | 'backup.create' | 'backup.restore'>;

/** Backups of the open database: list, take one now, put one back. */
export function backupHandlers(context: AppContext): BackupHandlers {
  const { path: databasePath, sqlite } = context.database;
  let restoring = false;
  return {
    async 'backup.list'() {
      return listBackups(databasePath);
    },

    async 'backup.create'() {
      return createBackup(sqlite, 'manuelle', context.now());
    },

    async 'backup.restore'({ id }) {
      if (restoring) throw new AppError('INVALID_INPUT', 'Une restauration est déjà en cours.');
      restoring = true;
      try {
        return await restoreBackup(databasePath, id, { now: context.now(), live: sqlite });
      } finally {
        restoring = false;
      }
    },
  };
}
