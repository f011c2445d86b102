import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { writeFileAtomic } from '../atomic-write.ts';

/**
 * « Ouvrir le dossier » (issue 5): the desktop app keeps a copy of each financing workbook it generates
 * in `rapports/` beside the database, and the system file manager can be asked to show it there. Showing
 * a file is the shell's business (Electron's `shell.showItemInFolder`): the main process hands the
 * context a `FolderRevealer`; the browser host and the CLI give none.
 */
export interface FolderRevealer {
  /** Opens the system file manager on the file's folder, the file selected. */
  showItemInFolder(filePath: string): void;
}

export const reportsFolderName = 'rapports';

/** The reports folder of a database file: beside it, like `documents/` and `logs/`. */
export function reportsDirFor(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), reportsFolderName);
}

/**
 * Whether `candidate` names a file strictly inside `folder` (itself excluded), judged on the paths
 * alone: absolute, no NUL, and after resolving `..` still under the folder. Pure, so tests state the rule.
 */
export function isInsideFolder(folder: string, candidate: string): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.includes('\0')) return false;
  if (!path.isAbsolute(candidate)) return false;
  const relative = path.relative(path.resolve(folder), path.resolve(candidate));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * The path of a kept report that may be shown: inside the reports folder by its name and, once symbolic
 * links are followed, still inside it, and an existing regular file. Anything else is refused in French.
 */
export function revealablePath(folder: string, candidate: string): string {
  const refused = new AppError(
    'FORBIDDEN',
    'Seuls les rapports enregistrés par l’application peuvent être montrés.',
  );
  if (!isInsideFolder(folder, candidate)) throw refused;
  let real: string;
  let realFolder: string;
  try {
    real = fs.realpathSync(candidate);
    realFolder = fs.realpathSync(folder);
  } catch {
    throw new AppError('NOT_FOUND', `Le fichier « ${path.basename(candidate)} » n’existe plus.`);
  }
  if (!isInsideFolder(realFolder, real) || !fs.statSync(real).isFile()) throw refused;
  return real;
}

/**
 * Writes `content` as `fileName` in the reports folder (created on demand), « (2) », « (3) »… added when the
 * name is taken (an earlier copy may be open in Excel), through a temporary file; returns its path.
 */
export function keepReport(folder: string, fileName: string, content: Buffer): string {
  const safeName = path.basename(fileName).replace(/[\\/:*?"<>|\p{Cc}]/gu, '_') || 'rapport.xlsx';
  const extension = path.extname(safeName);
  const stem = safeName.slice(0, safeName.length - extension.length);
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new AppError('INVALID_INPUT', `Impossible de créer le dossier des rapports « ${folder} ».`, {
      cause: error,
    });
  }
  for (let index = 1; ; index += 1) {
    const target = path.join(folder, index === 1 ? safeName : `${stem} (${index})${extension}`);
    if (fs.existsSync(target)) continue;
    writeFileAtomic(target, content);
    return target;
  }
}
