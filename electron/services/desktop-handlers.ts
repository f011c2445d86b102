import fs from 'node:fs';
import path from 'node:path';
import type { Handlers } from '../../shared/contract.ts';
import { AppError } from '../../shared/errors.ts';
import { writeFileAtomic } from './atomic-write.ts';
import type { AppContext } from './context.ts';
import { openPurposes, saveFiltersFor } from './desktop.ts';
import { writeDiagnostic } from './diagnostic/diagnostic.ts';

type DesktopHandlers = Pick<
  Handlers,
  | 'desktop.capabilities'
  | 'desktop.openFile'
  | 'desktop.pickImportFile'
  | 'desktop.saveFile'
  | 'diagnostic.export'
>;

/** Files read whole into the contract (base64): population files, scenarios, signed documents. */
const maxOpenBytes = 30 * 1024 * 1024;

/** Native dialogs where the door has them (the desktop app), and the diagnostic export. */
export function desktopHandlers(
  context: Pick<
    AppContext,
    'database' | 'departement' | 'desktop' | 'log' | 'now' | 'stagedFiles' | 'unexpected' | 'version'
  >,
): DesktopHandlers {
  return {
    async 'desktop.capabilities'() {
      const native = context.desktop !== undefined;
      return { dialogs: native, notifications: native };
    },

    async 'desktop.openFile'({ purpose }) {
      const chosen = await context.desktop?.chooseFileToOpen(openPurposes[purpose]);
      if (!chosen) return { file: null };
      let bytes: Buffer;
      try {
        if (fs.statSync(chosen).size > maxOpenBytes)
          throw new AppError('FILE_TOO_LARGE', 'Ce fichier dépasse 30 Mo : ce n’est pas le fichier attendu.');
        bytes = fs.readFileSync(chosen);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError('FILE_UNREADABLE', `Impossible de lire « ${path.basename(chosen)} ».`);
      }
      return { file: { fileName: path.basename(chosen), content: bytes.toString('base64') } };
    },

    async 'desktop.pickImportFile'() {
      const chosen = await context.desktop?.chooseFileToOpen(openPurposes.patrons);
      if (!chosen) return { file: null };
      const fileId = context.stagedFiles.choose(chosen);
      // The size is checked now, so a file too large is refused before the import starts.
      let size: number;
      try {
        ({ size } = context.stagedFiles.resolve(fileId));
      } catch (error) {
        context.stagedFiles.release(fileId);
        throw error;
      }
      return { file: { fileName: path.basename(chosen), fileId, size } };
    },

    async 'desktop.saveFile'({ fileName, content }) {
      const chosen = await context.desktop?.chooseFileToSave({
        title: 'Enregistrer sous',
        defaultName: fileName,
        filters: saveFiltersFor(fileName),
      });
      if (!chosen) return { path: null };
      writeFileAtomic(chosen, Buffer.from(content, 'base64'));
      return { path: chosen };
    },

    async 'diagnostic.export'() {
      return writeDiagnostic(context);
    },
  };
}
