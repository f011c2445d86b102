import path from 'node:path';
import { BrowserWindow } from 'electron';
import { appOrigin } from './sender.ts';
import { secureWebPreferences } from './web-preferences.ts';

export function createMainWindow(appDir: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'mednum-admin',
    show: false,
    webPreferences: secureWebPreferences(path.join(appDir, 'dist', 'electron', 'preload.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${appOrigin}/index.html`);
  return window;
}
