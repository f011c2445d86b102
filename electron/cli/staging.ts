import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { fileTooLargeMessage, maxImportBytes } from '../../shared/domain/import-files.ts';
import { AppError } from '../../shared/errors.ts';
import { formatBytesFr } from '../../shared/format.ts';
import { stagingDirFor, uploadPaths } from '../services/import/staged-files.ts';
import type { CliDoor } from './command.ts';

/**
 * The command line hands a patron export to the core as the browser host does: a user-only copy in the
 * staging folder beside the database, read by the import's worker and deleted once read — never the
 * whole file base64-encoded through a message.
 */
export function cliDoor(databasePath: string): CliDoor {
  return {
    stage(file) {
      let size: number;
      try {
        size = fs.statSync(file).size;
      } catch {
        throw new AppError(
          'INVALID_INPUT',
          `Impossible de lire le fichier « ${file} » : vérifiez son chemin.`,
        );
      }
      if (size > maxImportBytes)
        throw new AppError('FILE_TOO_LARGE', fileTooLargeMessage(size, formatBytesFr));
      const dir = stagingDirFor(databasePath);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const fileId = randomUUID();
      const { partial, complete } = uploadPaths(dir, fileId);
      try {
        fs.copyFileSync(file, partial, fs.constants.COPYFILE_FICLONE);
        fs.chmodSync(partial, 0o600);
        fs.renameSync(partial, complete);
      } catch (error) {
        fs.rmSync(partial, { force: true });
        if ((error as { code?: string }).code === 'ENOSPC')
          throw new AppError('DISK_FULL', 'Disque plein : le fichier n’a pas pu être préparé pour l’import.');
        throw new AppError(
          'INVALID_INPUT',
          `Impossible de lire le fichier « ${file} » : vérifiez son chemin.`,
        );
      }
      return fileId;
    },
    unstage(fileId) {
      fs.rmSync(uploadPaths(stagingDirFor(databasePath), fileId).complete, { force: true });
    },
  };
}
