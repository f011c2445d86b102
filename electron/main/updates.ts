import { app, dialog } from 'electron';
import type log from 'electron-log/main';
import electronUpdater from 'electron-updater';
import { updateAvailablePrompt, updateReadyPrompt } from './update-prompt.ts';

/**
 * Self-update from the generic HTTPS server whose URL electron-builder wrote into app-update.yml at build
 * time (MEDNUM_UPDATE_URL). Only the packaged app checks; nothing downloads without the user's yes;
 * every step is logged. An unreachable server is logged, never shown: the app works offline.
 */
export function checkForUpdates(logger: typeof log) {
  if (!app.isPackaged) return;
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = logger;
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.on('update-available', async (info) => {
    const { response } = await dialog.showMessageBox(updateAvailablePrompt(info.version, app.getVersion()));
    if (response === 0) await autoUpdater.downloadUpdate();
  });
  autoUpdater.on('update-downloaded', async (info) => {
    const { response } = await dialog.showMessageBox(updateReadyPrompt(info.version));
    if (response === 0) autoUpdater.quitAndInstall();
  });
  autoUpdater.on('error', (error) => logger.warn('Mise à jour impossible', error));
  autoUpdater
    .checkForUpdates()
    .catch((error: unknown) => logger.warn('Vérification des mises à jour impossible', error));
}
