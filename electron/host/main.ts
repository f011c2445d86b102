import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import packageJson from '../../package.json' with { type: 'json' };
import { AppError } from '../../shared/errors.ts';
import { openAppContext } from '../services/context.ts';
import { createHandlers } from '../services/handlers.ts';
import { resolveDatabasePath } from '../services/paths.ts';
import { backgroundSyncMinutes } from '../services/sync-handlers.ts';
import { startHost } from './server.ts';

/** `npm run dev:web`: the UI in any browser on this PC, served with the desktop app's handlers. */
const staticRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/renderer');

try {
  const { values } = parseArgs({ options: { db: { type: 'string' }, port: { type: 'string' } } });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new AppError('INVALID_INPUT', 'Port invalide.');
  const context = await openAppContext({
    databasePath: resolveDatabasePath(values.db),
    version: packageJson.version,
    prepareImportWorker: true,
    sync: { everyMs: backgroundSyncMinutes * 60_000 },
  });
  const host = await startHost({
    handlers: createHandlers(context),
    staticRoot,
    port,
    onUnexpected: (error) => console.error(error),
  });
  process.stdout.write(
    `mednum-admin (navigateur) : ${host.url}\nBase : ${context.database.path}\nCtrl+C pour arrêter.\n`,
  );
  const stop = async () => {
    await host.close();
    await context.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`${error instanceof AppError ? error.message : 'Démarrage impossible.'}\n`);
  process.exit(error instanceof AppError && error.code !== 'INTERNAL' ? 2 : 1);
}
