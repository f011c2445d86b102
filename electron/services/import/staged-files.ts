import fs from 'node:fs';
import path from 'node:path';
import { fileTooLargeMessage, maxImportBytes } from '../../../shared/domain/import-files.ts';
import { AppError } from '../../../shared/errors.ts';
import { formatBytesFr } from '../../../shared/format.ts';
import { uuidv7 } from '../../../shared/ids.ts';
import { writeFileAtomic } from '../atomic-write.ts';

/**
 * Files handed to an import by reference, never through the page or IPC: the path the desktop's « Ouvrir »
 * dialog chose, or an upload the browser host streamed to disk. The staging folder sits beside the
 * database, user-only; an upload is deleted when its import ends (it holds patrons' data), and one left
 * by a stopped program after a day.
 */
export const stagingFolderName = 'imports-en-cours';

export function stagingDirFor(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), stagingFolderName);
}

/** The name an upload of `fileId` is written under while it streams, then once complete. */
export const uploadPaths = (dir: string, fileId: string) => ({
  partial: path.join(dir, `${fileId}.part`),
  complete: path.join(dir, fileId),
});

/** An id as uploads and chosen files get them (a UUID): never a path, whatever a caller sent. */
export const isStagedFileId = (id: unknown): id is string =>
  typeof id === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export interface StagedFile {
  path: string;
  size: number;
  /** An upload is the app's copy, removed after use; a chosen file is the user's own. */
  owned: boolean;
}

const staleAfterMs = 24 * 60 * 60_000;

export class StagedFiles {
  private readonly chosen = new Map<string, string>();

  constructor(private readonly dir: string) {}

  /** Forgets uploads older than a day (a program stopped mid-import); newer ones may be another door's. */
  sweep(now = Date.now()): void {
    if (!fs.existsSync(this.dir)) return;
    for (const name of fs.readdirSync(this.dir)) {
      const file = path.join(this.dir, name);
      if (now - fs.statSync(file).mtimeMs > staleAfterMs) fs.rmSync(file, { force: true });
    }
  }

  /** A file the person chose in a native dialog: imported from where it is. */
  choose(filePath: string): string {
    const fileId = uuidv7();
    this.chosen.set(fileId, filePath);
    return fileId;
  }

  /** The file behind `fileId`, its size checked before a byte is read. */
  resolve(fileId: string): StagedFile {
    const chosen = this.chosen.get(fileId);
    const file = chosen ?? uploadPaths(this.dir, fileId).complete;
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      throw new AppError('FILE_UNREADABLE', 'Le fichier n’est plus disponible : choisissez-le de nouveau.');
    }
    if (size > maxImportBytes) throw tooLarge(size);
    return { path: file, size, owned: chosen === undefined };
  }

  /** Bytes the core itself received (a SUSHI download): kept like an upload, user-only, until imported. */
  stage(bytes: Uint8Array): string {
    const fileId = uuidv7();
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(uploadPaths(this.dir, fileId).complete, bytes, { mode: 0o600 });
    return fileId;
  }

  release(fileId: string): void {
    if (this.chosen.delete(fileId)) return;
    fs.rmSync(uploadPaths(this.dir, fileId).complete, { force: true });
  }
}

export const tooLarge = (size: number): AppError =>
  new AppError('FILE_TOO_LARGE', fileTooLargeMessage(size, formatBytesFr));
