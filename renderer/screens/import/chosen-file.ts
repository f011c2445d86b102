import { fileTooLargeMessage, maxImportBytes } from '../../../shared/domain/import-files.ts';
import { AppError } from '../../../shared/errors.ts';
import { formatBytesFr } from '../../../shared/format.ts';
import { uploadFile } from '../../api.ts';
import { readAsBase64 } from '../../components/files.ts';

/**
 * The patron export to import: picked or dropped in the page (a File, streamed to the browser host when
 * read), or chosen in the desktop's « Ouvrir » dialog (already handed to the services, by reference).
 */
export type ChosenFile = { name: string; size: number } & ({ blob: File } | { fileId: string });

export const chosenBlob = (blob: File): ChosenFile => ({ name: blob.name, size: blob.size, blob });

/** Said as soon as the file is chosen, before anything is sent. */
export function sizeProblem(file: ChosenFile): string | null {
  return file.size > maxImportBytes ? fileTooLargeMessage(file.size, formatBytesFr) : null;
}

/** A file dropped on the desktop app's window travels in the call itself: up to this size. */
const inlineBytes = 30 * 1024 * 1024;

/** What `import.open` receives for this file: its id (staged, any size), or its bytes (small drops). */
export async function fileForImport(
  file: ChosenFile,
  onSent: (bytes: number) => void,
  signal: AbortSignal,
): Promise<{ fileId: string } | { content: string }> {
  if ('fileId' in file) return { fileId: file.fileId };
  if (!window.bridge) return { fileId: (await uploadFile(file.blob, onSent, signal)).fileId };
  if (file.size > inlineBytes)
    throw new AppError(
      'FILE_TOO_LARGE',
      'Un fichier de plus de 30 Mo ne se dépose pas dans la fenêtre : ouvrez-le avec « Choisir un fichier… ».',
    );
  return { content: await readAsBase64(file.blob) };
}
