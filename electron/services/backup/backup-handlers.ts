import type { Handlers } from '../../../shared/contract.ts';
import { AppError } from '../../../shared/errors.ts';
import type { AppContext } from '../context.ts';
import { listBackups, restoreBackup, takeBackup } from './backups.ts';

type BackupHandlers = Pick<Handlers, 'backup.list' | 'backup.create' | 'backup.restore'>;

/** Backups of the open database: list, take one now, put one back. */
export function backupHandlers(context: Pick<AppContext, 'database' | 'now' | 'work'>): BackupHandlers {
  const { path: databasePath, sqlite } = context.database;
  let restoring = false;
  return {
    async 'backup.list'() {
      return listBackups(databasePath);
    },

    async 'backup.create'() {
      return context.work.run('Sauvegarde de la base', 'pages', (advance) =>
        takeBackup(databasePath, 'manuelle', context.now(), advance),
      );
    },

    async 'backup.restore'({ id }) {
      if (restoring) throw new AppError('INVALID_INPUT', 'Une restauration est déjà en cours.');
      restoring = true;
      try {
        // Holding the app's connection: staff edits wait for the restore rather than land between the
        // safety copy and the restore, where they would be in neither.
        return await context.work.run('Restauration d’une sauvegarde', 'étapes', () =>
          context.database.db
            .connection()
            .execute(() => restoreBackup(databasePath, id, { now: context.now(), live: sqlite })),
        );
      } finally {
        restoring = false;
      }
    },
  };
}
