import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { AppError } from '../../shared/errors.ts';
import { type AppContext, openAppContext } from '../services/context.ts';
import { createHandlers } from '../services/handlers.ts';
import { databaseFileName, userDataDir } from '../services/paths.ts';
import { backgroundSyncMinutes } from '../services/sync-handlers.ts';
import { argvForCli, cliArguments } from './cli-mode.ts';
import { registerIpc } from './ipc.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { shellRevealer } from './reveal.ts';
import { safeSecretStore } from './secret-store.ts';
import { lockDownWebContents } from './security.ts';
import { createMainWindow } from './window.ts';

/**
 * The Electron shell: windows, protocol, IPC. It holds no business logic; the handlers it serves are
 * the same ones the CLI and the browser host serve.
 */

// The CLI and the browser host compute this folder without Electron; pin Electron to the same one.
app.setPath('userData', userDataDir());

let context: AppContext | undefined;

const cliArgs = cliArguments(process.argv);
if (cliArgs) {
  // `mednum-admin --cli …`: the command line, no window, no single-instance lock (the app may be open).
  void runBundledCli(cliArgs);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void context?.close());
  app.whenReady().then(start, (error: unknown) => fatal(error));
}

async function start() {
  try {
    lockDownWebContents();
    context = await openAppContext({
      databasePath: path.join(userDataDir(), databaseFileName),
      version: app.getVersion(),
      prepareImportWorker: true,
      revealer: shellRevealer,
      sync: {
        secrets: safeSecretStore(path.join(userDataDir(), 'secrets')),
        everyMs: backgroundSyncMinutes * 60_000,
      },
    });
    const appDir = app.getAppPath();
    serveRenderer(path.join(appDir, 'dist', 'renderer'));
    registerIpc(createHandlers(context), (error) => console.error(error));
    createMainWindow(appDir);
  } catch (error) {
    fatal(error);
  }
}

/** Runs the bundled CLI (dist/electron/cli.js, beside this file) with `args`, then exits with its code. */
async function runBundledCli(args: string[]) {
  process.argv = argvForCli(process.execPath, args);
  try {
    await import(new URL('./cli.js', import.meta.url).href);
    app.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  } catch (error) {
    console.error(error);
    app.exit(1);
  }
}

function fatal(error: unknown) {
  console.error(error);
  const message = error instanceof AppError ? error.message : 'Une erreur inattendue empêche le démarrage.';
  dialog.showErrorBox('mednum-admin ne peut pas démarrer', message);
  app.exit(1);
}
