import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import packageJson from '../../package.json' with { type: 'json' };
import { AppError } from '../../shared/errors.ts';
import { startCore } from '../services/core/client.ts';
import { backgroundSyncMs } from '../services/core/protocol.ts';
import { workerCorePort } from '../services/core/worker-port.ts';
import { stagingDirFor } from '../services/import/staged-files.ts';
import { resolveDatabasePath } from '../services/paths.ts';
import { startHost } from './server.ts';

/** `npm run dev:web`: the UI in any browser on this PC, served with the desktop app's handlers. */
const staticRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/renderer');

try {
  const { values } = parseArgs({ options: { db: { type: 'string' }, port: { type: 'string' } } });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new AppError('INVALID_INPUT', 'Port invalide.');
  // The database and the services run in the core's thread: this one only serves HTTP.
  const core = await startCore(workerCorePort(), {
    databasePath: resolveDatabasePath(values.db),
    version: packageJson.version,
    prepareImportWorker: true,
    syncEveryMs: backgroundSyncMs,
  });
  const host = await startHost({
    gate: core.gate,
    unexpected: core,
    staticRoot,
    uploadDir: stagingDirFor(core.databasePath),
    port,
  });
  process.stdout.write(
    `mednum-admin (navigateur) : ${host.url}\nBase : ${core.databasePath}\nCtrl+C pour arrêter.\n`,
  );
  const stop = async () => {
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`${error instanceof AppError ? error.message : 'Démarrage impossible.'}\n`);
  process.exit(error instanceof AppError && error.code !== 'INTERNAL' ? 2 : 1);
}
