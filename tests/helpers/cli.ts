import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from './temp.ts';

const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

/** The CLI as users run it: a real child process in `dir`, its own stdout, stderr and exit code. */
export function runCli(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(tsx, [path.join(repoRoot, 'electron/cli/main.ts'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    // MEDNUM_BY emptied: who signs is each test's choice, not the machine's.
    env: {
      ...process.env,
      HOME: dir,
      XDG_CONFIG_HOME: path.join(dir, 'config'),
      MEDNUM_DB: '',
      MEDNUM_BY: '',
      ...env,
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function expectNoStackTrace(text: string) {
  expect(text).not.toMatch(/\n\s+at |Error:|node:internal/);
}

/** `cli(...)` and `json(...)` on one database in `dir`: `json` expects success and parses stdout. */
export function cliOn(dir: string, db: string) {
  const cli = (...args: string[]) => runCli(dir, [...args, '--db', db]);
  const json = (...args: string[]) => {
    const result = cli(...args, '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout);
  };
  return { cli, json };
}

/** `library add` for the Médiathèque de Figeac, code FIGEAC: the library most CLI tests import into. */
export const addFigeacArgs = [
  'library',
  'add',
  '--name',
  'Médiathèque de Figeac',
  '--commune',
  '46102',
  '--ils',
  'koha',
  '--code',
  'FIGEAC',
  '--by',
  'Test',
];
