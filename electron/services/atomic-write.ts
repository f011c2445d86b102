import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, isDiskFull } from '../../shared/errors.ts';

/**
 * THE way the app writes a file of its own or one the user named: whole or not at all. The bytes go to a
 * hidden temporary file beside the target (same disk, so the rename is atomic), are flushed to the disk,
 * then take the final name, and the folder is flushed so the rename survives a power cut. A crash at any
 * moment leaves the previous file or the new one, never half of one, and no temporary file named like it.
 *
 * Fails with DISK_FULL, or INVALID_INPUT naming the file (a folder that does not exist or cannot be
 * written to); nothing is left behind either way.
 */
export function writeFileAtomic(
  file: string,
  data: Uint8Array | string,
  options: { mode?: number } = {},
): void {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const fd = fs.openSync(temporary, 'wx', options.mode ?? 0o666);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    removeQuietly(temporary);
    if (isDiskFull(error))
      throw new AppError(
        'DISK_FULL',
        `Disque plein : « ${path.basename(file)} » n’a pas pu être enregistré. Libérez de la place sur le disque puis recommencez.`,
        { cause: error },
      );
    throw new AppError(
      'INVALID_INPUT',
      `Impossible d’écrire « ${path.basename(file)} » dans « ${path.dirname(file)} » : vérifiez que le dossier existe et que vous pouvez y écrire.`,
      { cause: error },
    );
  }
  flushFolder(path.dirname(file));
}

/** The temporary file may not exist, nor its folder: the error worth telling is the write's. */
function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Nothing was created there.
  }
}

/** A rename is durable once its folder is flushed. Windows cannot open a folder this way: it skips. */
function flushFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Not supported here (Windows): NTFS journals the rename itself.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
