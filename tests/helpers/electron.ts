import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './temp.ts';

/**
 * The Electron binary Playwright launches, or null: it is downloaded lazily on first launch, which
 * cannot happen on machines without internet; tests then skip, and say why.
 */
export function electronBinary(): string | null {
  const packageDir = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(packageDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

export const electronMissing =
  'Tests Electron ignorés : binaire Electron absent (téléchargé au premier lancement, impossible sans internet).';

/** A user of their own: home, user-data folder (Linux and Windows), so the app opens a fresh database. */
export function electronEnv(home: string): Record<string, string> {
  const inherited = Object.entries(process.env).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return {
    ...Object.fromEntries(inherited),
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    APPDATA: path.join(home, 'appdata'),
    MEDNUM_DB: '',
  };
}
