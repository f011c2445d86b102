import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { type Core, startCore } from '../../electron/services/core/client.ts';
import { workerCorePort } from '../../electron/services/core/worker-port.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { type Api, createApi } from '../../shared/api.ts';
import { addLibrary, client } from '../central/client.ts';
import { commitPatronSet, patron } from '../central/patrons.ts';
import { centralCommand } from './central-command.ts';
import { placeMigratedPgliteDir } from './pglite-template.ts';
import { placeSeededDatabase } from './seeded-database.ts';

export interface CentralProcess {
  url: string;
  email: string;
  password: string;
  stop(): void;
}

/**
 * The central service as a program of its own (PGlite under `dir`), as in production: its work never runs
 * on the test's event loop. One agent account.
 */
export async function startCentralProcess(dir: string): Promise<CentralProcess> {
  const account = { email: 'agent@lot.fr', password: 'cheval agrafe pile correcte' };
  const env = { ...process.env, DATABASE_URL: '' };
  const data = path.join(dir, 'central');
  // A copy of the run's migrated folder: the first command would otherwise run initdb in WebAssembly.
  await placeMigratedPgliteDir(data);
  const added = spawnSync(
    ...centralCommand([
      'user',
      'add',
      '--email',
      account.email,
      '--role',
      'agent',
      '--password-stdin',
      '--data',
      data,
    ]),
    { input: account.password, encoding: 'utf8', env },
  );
  if (added.status !== 0) throw new Error(`central user add: ${added.stderr}`);
  const child: ChildProcess = spawn(...centralCommand(['serve', '--port', '0', '--data', data]), {
    stdio: ['ignore', 'ignore', 'pipe'],
    env,
  });
  const url = await new Promise<string>((resolve, reject) => {
    let said = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const found = /http:\/\/127\.0\.0\.1:\d+/.exec(said)?.[0];
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`central exited (${code}): ${said}`)));
  });
  return { url, ...account, stop: () => void child.kill() };
}

/** A PC whose core runs in a worker thread, logged in to `central`. */
export async function openCorePc(
  dir: string,
  name: string,
  central: CentralProcess,
): Promise<{ core: Core; api: Api }> {
  const databasePath = path.join(dir, `${name}.sqlite`);
  await placeSeededDatabase(databasePath);
  const core = await startCore(workerCorePort(), {
    databasePath,
    version: 'test',
    secretsDir: path.join(dir, `${name}-secrets`),
  });
  const api = createApi(localInvoke(core.gate));
  await api.call('settings.update', { staffName: name });
  await api.call('sync.login', { serverUrl: central.url, email: central.email, password: central.password });
  return { core, api };
}

/**
 * The patrons a first PC's import would send, committed through the sync API as its push does (a change
 * set in chunks): a fresh PC then receives them as a snapshot, in pages. Through a PC's own import and
 * sync this took 5–7 s of a timed file's set-up, for nothing its tests look at.
 */
export async function sendPatrons(central: CentralProcess, rows: number): Promise<void> {
  const { accessToken } = await client(central.url).login(central.email, central.password);
  const libraryId = 'lib-figeac';
  await addLibrary(client(central.url), accessToken, libraryId);
  await commitPatronSet(
    central.url,
    accessToken,
    { kind: 'import', libraryId, mode: 'full', fileName: 'lecteurs.csv' },
    Array.from({ length: rows }, (_, n) => patron(libraryId, n)),
  );
}
