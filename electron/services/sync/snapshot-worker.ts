import { parentPort, workerData } from 'node:worker_threads';
import { configureConnection, openConnection } from '../../../db/open.ts';
import { checkForeignKeys } from '../../../db/pragmas.ts';
import { toErrorPayload } from '../../../shared/errors.ts';
import { MirrorReplaced, snapshotWriter } from './snapshot-page.ts';
import type { FromSnapshotWorker, SnapshotSetup, ToSnapshotWorker } from './snapshot-protocol.ts';

/**
 * A first sync's pages written off the thread that downloads and reads them (its values ready to bind), on a connection of its own
 * to the same file (WAL: the app's connection keeps reading, and its writes wait for a page's commit, a
 * few tenths of a second). Pages arrive in order and are written one after the other; killing this thread
 * mid-page leaves that page's transaction uncommitted, which SQLite rolls back.
 */
const setup = workerData as SnapshotSetup;
const port = parentPort;
if (!port) throw new Error('snapshot worker started outside a worker thread');

const sqlite = openConnection(setup.databasePath, { mustExist: true });
configureConnection(sqlite);
// Pages may name rows of later pages: references are checked once, with the last one.
checkForeignKeys(sqlite, false);
const writer = snapshotWriter(sqlite, setup);
const post = (message: FromSnapshotWorker) => port.postMessage(message);
/** After a failed page the snapshot stops: later pages would write over a gap. */
let failed = false;

port.on('message', ({ page, last, now }: ToSnapshotWorker) => {
  if (failed) return;
  try {
    post({ ok: true, rows: writer.page(page, last, new Date(now)) });
    if (last) sqlite.close();
  } catch (error) {
    failed = true;
    if (error instanceof MirrorReplaced) return post({ ok: false, replaced: true });
    const payload = toErrorPayload(error);
    // The pull's side logs what nobody expected, with its stack (errors survive the structured clone).
    const cause = payload.code === 'INTERNAL' && error instanceof Error ? stackOnly(error) : undefined;
    post({ ok: false, error: payload, cause });
  }
});

function stackOnly(error: Error): Error {
  return Object.assign(new Error(error.message), { name: error.name, stack: error.stack });
}
