import fs from 'node:fs';
import path from 'node:path';
import type { Handlers } from '../../shared/contract.ts';
import { AppError, isDiskFull } from '../../shared/errors.ts';
import type { AppContext } from './context.ts';
import { openPurposes, saveFiltersFor } from './desktop.ts';
import { writeDiagnostic } from './diagnostic/diagnostic.ts';

type DesktopHandlers = Pick<
  Handlers,
  'desktop.capabilities' | 'desktop.openFile' | 'desktop.saveFile' | 'diagnostic.export'
>;

/** Files are read whole into the contract (base64); the import's own limit is well below this. */
const maxOpenBytes = 200 * 1024 * 1024;

/** Native dialogs where the door has them (the desktop app), and the diagnostic export. */
export function desktopHandlers(context: AppContext): DesktopHandlers {
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
          throw new AppError('FILE_UNREADABLE', 'Ce fichier dépasse 200 Mo : découpez-le.');
        bytes = fs.readFileSync(chosen);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError('FILE_UNREADABLE', `Impossible de lire « ${path.basename(chosen)} ».`);
      }
      return { file: { fileName: path.basename(chosen), content: bytes.toString('base64') } };
    },

    async 'desktop.saveFile'({ fileName, content }) {
      const chosen = await context.desktop?.chooseFileToSave({
        title: 'Enregistrer sous',
        defaultName: fileName,
        filters: saveFiltersFor(fileName),
      });
      if (!chosen) return { path: null };
      const temporary = `${chosen}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(temporary, Buffer.from(content, 'base64'));
        fs.renameSync(temporary, chosen);
      } catch (error) {
        fs.rmSync(temporary, { force: true });
        if (isDiskFull(error)) throw error;
        throw new AppError(
          'INVALID_INPUT',
          `Impossible d’écrire « ${chosen} » : vérifiez le dossier et les droits.`,
        );
      }
      return { path: chosen };
    },

    async 'diagnostic.export'() {
      return writeDiagnostic(context);
    },
  };
}
