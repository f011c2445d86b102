import { app, type BrowserWindow, dialog, Menu, shell } from 'electron';
import type { Gate } from '../services/gate.ts';
import { menuTemplate } from './menu-template.ts';

/** Installs the French menu; its items move the window to a screen or run a contract method. */
export function installMenu(window: () => BrowserWindow | undefined, gate: Gate, userData: string) {
  const go = (hash: string) => {
    const target = window();
    // A hash change inside the page, as the navigation links do: no reload, no navigation.
    void target?.webContents.executeJavaScript(`location.hash = ${JSON.stringify(`#${hash}`)}`);
    target?.focus();
  };
  const menu = Menu.buildFromTemplate(
    menuTemplate({
      go,
      async exportDiagnostic() {
        const result = await gate('diagnostic.export', {});
        if (result.ok) {
          const { folder } = result.value as { folder: string };
          shell.showItemInFolder(folder);
          await dialog.showMessageBox({
            type: 'info',
            title: 'Diagnostic exporté',
            message: 'Le diagnostic est prêt.',
            detail: `Dossier : ${folder}\nIl contient les journaux, les versions et le nombre de lignes de chaque table, sans aucune donnée de lecteur. Compressez-le et joignez-le à votre demande d’aide.`,
          });
        } else dialog.showErrorBox('Diagnostic impossible', result.error.message);
      },
      openDataFolder: () => void shell.openPath(userData),
      about: () =>
        void dialog.showMessageBox({
          type: 'info',
          title: 'À propos de mednum-admin',
          message: `mednum-admin ${app.getVersion()}`,
          detail: `Médiathèque numérique de la Bibliothèque départementale du Lot.\nElectron ${process.versions.electron}, Node.js ${process.versions.node}, Chromium ${process.versions.chrome}.`,
        }),
    }),
  );
  Menu.setApplicationMenu(menu);
}
