import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { type Core, startCore } from '../../electron/services/core/client.ts';
import { workerCorePort } from '../../electron/services/core/worker-port.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { type Api, createApi } from '../../shared/api.ts';
import { generatePatronFile } from '../bench/patron-file.ts';
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

/** A first PC imports `rows` patrons and sends them: a fresh PC then receives them as a snapshot, in pages. */
export async function sendPatrons(dir: string, central: CentralProcess, rows: number): Promise<void> {
  const first = await openCorePc(dir, 'Anne', central);
  const library = await first.api.call('library.add', {
    name: 'Médiathèque de Figeac',
    commune: '46102',
    ils: 'other',
  });
  const file = generatePatronFile({ rows, prefix: 'FG', seed: 5, badShare: 0 });
  const session = await first.api.call('import.open', {
    libraryId: library.id,
    fileName: 'lecteurs.csv',
    content: file.bytes.toString('base64'),
  });
  await first.api.call('import.commit', { sessionId: session.sessionId });
  await first.api.call('sync.now', {});
  await first.core.close();
}
