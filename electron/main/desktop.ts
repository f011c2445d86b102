import { BrowserWindow, dialog, Notification } from 'electron';
import type { Desktop } from '../services/desktop.ts';

/** The services' Desktop, in Electron: native dialogs attached to the focused window, system notifications. */
export function electronDesktop(): Desktop {
  const parent = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  return {
    async chooseFileToOpen({ title, filters }) {
      const window = parent();
      const options = { title, filters, properties: ['openFile' as const] };
      const result = window
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseFileToSave({ title, defaultName, filters }) {
      const window = parent();
      const options = { title, defaultPath: defaultName, filters };
      const result = window
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    },
    notify(title, body) {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
  };
}
