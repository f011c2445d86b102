import os from 'node:os';
import path from 'node:path';

export const appName = 'mednum-admin';
export const databaseFileName = 'mednum-admin.sqlite';

/**
 * The folder Electron's `app.getPath('userData')` gives for this app, computed without Electron so the
 * CLI and the browser host open the very file the desktop app uses. The shell pins Electron to it.
 */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), appName);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', appName);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), appName);
}

/** `--db` wins, then `MEDNUM_DB`, then the desktop app's own file. */
export function resolveDatabasePath(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  // An empty value (MEDNUM_DB= in a script) means "not set", not "the current folder".
  return path.resolve(explicit || env.MEDNUM_DB || path.join(userDataDir(env), databaseFileName));
}
