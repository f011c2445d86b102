import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { AppError } from '../../shared/errors.ts';
import { listBackups, restoreBackup } from '../services/backup/backups.ts';
import { type AppContext, openAppContext } from '../services/context.ts';
import { createHandlers } from '../services/handlers.ts';
import { databaseFileName, userDataDir } from '../services/paths.ts';
import { backgroundSyncMinutes } from '../services/sync-handlers.ts';
import { argvForCli, cliArguments } from './cli-mode.ts';
import { electronDesktop } from './desktop.ts';
import { registerIpc } from './ipc.ts';
import { setUpLogging } from './logging.ts';
import { installMenu } from './menu.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { shellRevealer } from './reveal.ts';
import { safeSecretStore } from './secret-store.ts';
import { lockDownWebContents } from './security.ts';
import { checkForUpdates } from './updates.ts';
import { createMainWindow } from './window.ts';

/**
 * The Electron shell: windows, protocol, IPC. It holds no business logic; the handlers it serves are
 * the same ones the CLI and the browser host serve.
 */

// The CLI and the browser host compute this folder without Electron; pin Electron to the same one.
app.setPath('userData', userDataDir());
const databasePath = path.join(userDataDir(), databaseFileName);

let context: AppContext | undefined;
let log: ReturnType<typeof setUpLogging> | undefined;

const cliArgs = cliArguments(process.argv);
if (cliArgs) {
  // `mednum-admin --cli …`: the command line, no window, no single-instance lock (the app may be open).
  void runBundledCli(cliArgs);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  log = setUpLogging(userDataDir());
  Object.assign(console, { error: log.error, warn: log.warn });
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
      databasePath,
      desktop: electronDesktop(),
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
    const handlers = createHandlers(context);
    registerIpc(handlers, (error) => console.error(error));
    const window = createMainWindow(appDir, userDataDir());
    installMenu(() => (window.isDestroyed() ? undefined : window), handlers, userDataDir());
    setTimeout(() => log && checkForUpdates(log), 10_000);
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
  if (error instanceof AppError && error.code === 'DB_CORRUPT') return offerRestore(error.message);
  const message = error instanceof AppError ? error.message : 'Une erreur inattendue empêche le démarrage.';
  dialog.showErrorBox('mednum-admin ne peut pas démarrer', message);
  app.exit(1);
}

/** A damaged database at start: propose the newest backup, restore it, start again. */
async function offerRestore(message: string) {
  const newest = listBackups(databasePath)[0];
  if (!newest) {
    dialog.showErrorBox('mednum-admin ne peut pas démarrer', message);
    return app.exit(1);
  }
  const at = new Date(newest.at).toLocaleString('fr-FR');
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'Base de données endommagée',
    message: 'La base de données est endommagée.',
    detail: `${message}\n\nRestaurer la sauvegarde du ${at} ? La base endommagée est gardée à côté des sauvegardes.`,
    buttons: [`Restaurer la sauvegarde du ${at}`, 'Quitter'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  if (response !== 0) return app.exit(1);
  try {
    await restoreBackup(databasePath, newest.id);
    app.relaunch();
    app.exit(0);
  } catch (restoreError) {
    dialog.showErrorBox(
      'Restauration impossible',
      restoreError instanceof AppError ? restoreError.message : String(restoreError),
    );
    app.exit(1);
  }
}
