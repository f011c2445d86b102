import path from 'node:path';
import { app, BrowserWindow, dialog, safeStorage } from 'electron';
import { createApi } from '../../shared/api.ts';
import type { Output } from '../../shared/contract.ts';
import { AppError } from '../../shared/errors.ts';
import { type Core, startCore } from '../services/core/client.ts';
import { backgroundSyncMs, type CoreOptions } from '../services/core/protocol.ts';
import { localInvoke } from '../services/gate.ts';
import { databaseFileName, userDataDir } from '../services/paths.ts';
import { argvForCli, cliArguments } from './cli-mode.ts';
import { utilityCorePort } from './core-port.ts';
import { electronDesktop } from './desktop.ts';
import { registerIpc } from './ipc.ts';
import { setUpLogging } from './logging.ts';
import { installMenu } from './menu.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { shellRevealer } from './reveal.ts';
import { lockDownWebContents } from './security.ts';
import { checkForUpdates } from './updates.ts';
import { createMainWindow } from './window.ts';

/**
 * The Electron shell: windows, menus, dialogs, protocol, IPC. It never opens the database: the services
 * run in the core (a utility process) behind the same gate the CLI and the browser host use.
 */

// The CLI and the browser host compute this folder without Electron; pin Electron to the same one.
app.setPath('userData', userDataDir());
const databasePath = path.join(userDataDir(), databaseFileName);

let core: Core | undefined;
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
  app.on('will-quit', () => void core?.close());
  app.whenReady().then(start, (error: unknown) => fatal(error));
}

async function start() {
  try {
    lockDownWebContents();
    core = await openCore({ prepareImportWorker: true, syncEveryMs: backgroundSyncMs });
    const appDir = app.getAppPath();
    serveRenderer(path.join(appDir, 'dist', 'renderer'));
    const { gate } = core;
    registerIpc(gate);
    const window = createMainWindow(appDir, userDataDir());
    installMenu(() => (window.isDestroyed() ? undefined : window), gate, userDataDir());
    setTimeout(() => log && checkForUpdates(log), 10_000);
  } catch (error) {
    fatal(error);
  }
}

/** The core, in its utility process, with what only this shell can do for it. */
function openCore(options: Partial<CoreOptions>): Promise<Core> {
  const entry = path.join(app.getAppPath(), 'dist', 'electron', 'core.js');
  return startCore(
    utilityCorePort(entry),
    { databasePath, version: app.getVersion(), secretsDir: path.join(userDataDir(), 'secrets'), ...options },
    {
      desktop: electronDesktop(),
      revealer: shellRevealer,
      // Without a keychain (a Linux session without one) the core keeps the user-only file, as the CLI does.
      keychain: safeStorage.isEncryptionAvailable() ? safeStorage : undefined,
    },
  );
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

/** A damaged database at start: propose the newest backup, restore it (by a core opened for that), start again. */
async function offerRestore(message: string) {
  let repair: Core;
  try {
    repair = await openCore({ allowDamaged: true });
  } catch (error) {
    dialog.showErrorBox(
      'mednum-admin ne peut pas démarrer',
      error instanceof AppError ? error.message : message,
    );
    return app.exit(1);
  }
  const api = createApi(localInvoke(repair.gate));
  const newest: Output<'backup.list'>[number] | undefined = (await api.call('backup.list', {}))[0];
  if (!newest) {
    await repair.close();
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
  try {
    if (response !== 0) return app.exit(1);
    await api.call('backup.restore', { id: newest.id });
    await repair.close();
    app.relaunch();
    app.exit(0);
  } catch (restoreError) {
    await repair.close();
    dialog.showErrorBox(
      'Restauration impossible',
      restoreError instanceof AppError ? restoreError.message : String(restoreError),
    );
    app.exit(1);
  }
}
