import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect } from 'vitest';
import { type ChildOutput, childOutput } from './child-output.ts';
import { placeSeededDatabase } from './seeded-database.ts';
import { repoRoot } from './temp.ts';

/**
 * The CLI as it ships: the bundle `npm run build` makes (`npm test` builds it first). It starts in under a
 * second where tsx takes 2.5 s to compile the sources at every call, which most of the CLI tests' time was.
 */
const bundledCli = path.join(repoRoot, 'dist', 'electron', 'cli.js');

/** The command line that runs the CLI with `args`, for spawn or spawnSync. */
export function cliCommand(args: string[]): [string, string[]] {
  if (!fs.existsSync(bundledCli)) {
    throw new Error('La CLI n’est pas construite : lancez « npm run build:electron » (npm test le fait).');
  }
  return [process.execPath, [bundledCli, ...args]];
}

/** The CLI as users run it: a real child process in `dir`, its own stdout, stderr and exit code. */
export function runCli(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(...cliCommand(args), { cwd: dir, encoding: 'utf8', env: cliEnv(dir, env) });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The CLI run asynchronously, for a test whose own process serves it (a central service, a SUSHI server),
 * which spawnSync would block. `db` starts as a copy of the run's seeded database, as with `cliOn`.
 */
export async function runCliAsync(
  dir: string,
  db: string,
  args: string[],
  options: { stdin?: string | undefined; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildOutput> {
  await placeSeededDatabase(db);
  const child = spawn(...cliCommand([...args, '--db', db]), { cwd: dir, env: cliEnv(dir, options.env) });
  child.stdin.end(options.stdin ?? '');
  return childOutput(child);
}

/**
 * The CLI of each PC named in a sync test, run asynchronously: each PC its own base and home folder in
 * `dir`, so each keeps its own session with the central service.
 */
export function cliOfPcs(dir: string) {
  return (pc: string, args: string[], stdin = '') => {
    const home = path.join(dir, pc);
    return runCliAsync(dir, path.join(dir, `${pc}.sqlite`), args, {
      stdin,
      env: { HOME: home, XDG_CONFIG_HOME: path.join(home, 'config') },
    });
  };
}

/**
 * The CLI's environment in a test: `dir` as the user's home and config folder; no database or signature
 * from the machine (MEDNUM_BY emptied: who signs is each test's choice).
 */
export function cliEnv(dir: string, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: dir,
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    MEDNUM_DB: '',
    MEDNUM_BY: '',
    ...env,
  };
}

export function expectNoStackTrace(text: string) {
  expect(text).not.toMatch(/\n\s+at |Error:|node:internal/);
}

/**
 * `cli(...)` and `json(...)` on one database in `dir`: `json` expects success and parses stdout. The file
 * starts as a copy of the run's seeded database: a CLI call making it from scratch costs 2.5–3 s of CPU
 * (migrations, reference geography), which cli.test.ts checks on a brand-new file once.
 */
export function cliOn(dir: string, db: string) {
  beforeAll(() => placeSeededDatabase(db));
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
