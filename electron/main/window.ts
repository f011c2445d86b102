import path from 'node:path';
import { BrowserWindow, screen } from 'electron';
import { appOrigin } from './sender.ts';
import { secureWebPreferences } from './web-preferences.ts';
import { loadWindowState, minimumSize, saveWindowState } from './window-state.ts';

/** The main window, where it was last time (fitted to today's screens); its place is saved on close. */
export function createMainWindow(appDir: string, userData: string): BrowserWindow {
  const stateFile = path.join(userData, 'fenetre.json');
  const primary = screen.getPrimaryDisplay();
  const areas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map(
    (d) => d.workArea,
  );
  const state = loadWindowState(stateFile, areas);
  const window = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: minimumSize.width,
    minHeight: minimumSize.height,
    title: 'mednum-admin',
    show: false,
    webPreferences: secureWebPreferences(path.join(appDir, 'dist', 'electron', 'preload.cjs')),
  });
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  window.on('close', () =>
    saveWindowState(stateFile, { ...window.getNormalBounds(), maximized: window.isMaximized() }),
  );
  void window.loadURL(`${appOrigin}/index.html`);
  return window;
}
