import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { configureConnection, openConnection } from '../../../db/open.ts';
import { checkpoint, checkpointOnlyWhenTold, rewriteFile } from '../../../db/pragmas.ts';
import { listFormerNames } from '../../../db/queries/communes.ts';
import { limitImportPageCache, prepareImportStatements } from '../../../db/queries/import-statements.ts';
import { AppError, toErrorPayload } from '../../../shared/errors.ts';
import { communeTable, loadCommuneResolver } from './communes.ts';
import { KnownPeople } from './known-people.ts';
import { LibraryPatronsCache } from './library-patrons.ts';
import { fingerprintSeed as rowFingerprintSeed } from './line-fingerprint.ts';
import { waitForBackup } from './pre-commit-backup.ts';
import type { FromWorker, Requests, SessionSummary, ToWorker, WorkerSetup } from './protocol.ts';
import { ImportSession } from './session.ts';
import { undoBatch } from './undo.ts';

/**
 * One import session off the main thread, with its own connection to the same SQLite file (WAL lets
 * the main process keep reading). Killing this worker mid-commit leaves the file as it was.
 */
const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error('import worker started outside a worker thread');

const db = openConnection(setup.databasePath);
configureConnection(db);
limitImportPageCache(db);
// A commit writes tens of megabytes to the WAL; copying them into the file (a checkpoint) is left out of
// the COMMIT the person waits for, and done right after it here, off the main thread (`checkpoint`).
checkpointOnlyWhenTold(db);

const post = (message: FromWorker) => port.postMessage(message);

// Read once per worker, at start: a worker kept ready in advance has both before any file arrives.
// France's communes are read from the reference package by the process's first worker only, which hands
// them on; former communes are the database's (the département's, seeded from the reference data).
const communes = setup.communes ?? communeTable();
if (!setup.communes) post({ kind: 'communes', table: communes });
const formerNames = listFormerNames(db);
const resolveCommune = loadCommuneResolver(formerNames, communes);
const fingerprintSeed = rowFingerprintSeed(setup.version, setup.today, formerNames);
const knownPeople = new KnownPeople(db).refresh();
const stackOnly = (error: Error) =>
  Object.assign(new Error(error.message), { name: error.name, stack: error.stack });
let session: ImportSession | null = null;
/** The library picked before the file came, its patrons read meanwhile (`prepare`). */
let prepared: LibraryPatronsCache | null = null;

/** A staged file, read here so its bytes never cross a message. */
async function readStaged(file: string): Promise<Buffer> {
  try {
    return await fs.promises.readFile(file);
  } catch {
    throw new AppError('FILE_UNREADABLE', 'Le fichier n’a pas pu être lu : choisissez-le de nouveau.');
  }
}

function requireSession(): ImportSession {
  if (!session)
    throw new AppError('NOT_FOUND', 'Cet import n’est plus ouvert : recommencez depuis le fichier.');
  return session;
}

function summary(s: ImportSession): SessionSummary {
  return {
    fileName: s.fileName,
    fileSha256: s.fileSha256,
    format: s.table.format,
    encoding: s.table.encoding,
    delimiter: s.table.delimiter,
    sheets: s.table.sheets,
    sheet: s.table.sheet,
    headers: s.table.headers,
    sample: s.table.rows.slice(0, 8).map((row) => row.cells),
    mapping: s.mapping,
    mode: s.mode,
    counts: s.counts(),
  };
}

const handlers: { [K in keyof Requests]: (args: Requests[K]['args']) => Promise<Requests[K]['result']> } = {
  async prepare({ libraryId }) {
    prepared = new LibraryPatronsCache(libraryId);
    prepared.read(db, prepareImportStatements(db));
    knownPeople.refresh();
    return null;
  },
  async open({ source, ...args }) {
    // Taken once: a session for another library drops it rather than keep 100,000 patrons for nothing.
    const library = prepared ?? undefined;
    prepared = null;
    session = await ImportSession.open(db, {
      ...args,
      library,
      bytes: 'path' in source ? await readStaged(source.path) : Buffer.from(source.bytes),
      today: setup.today,
      resolveCommune,
      knownPeople,
      fingerprintSeed,
      onProgress: (progress) => post({ kind: 'progress', progress }),
    });
    return summary(session);
  },
  async configure({ mapping, encoding, sheet, mode }) {
    const s = requireSession();
    if (encoding !== undefined || sheet !== undefined)
      await s.reread(db, encoding ?? s.table.encoding ?? undefined, sheet);
    if (mapping) s.setMapping(db, mapping);
    if (mode) s.setMode(db, mode);
    return summary(s);
  },
  async preview(args) {
    const s = requireSession();
    return { counts: s.counts(), ...s.preview(args) };
  },
  async fixCell({ line, field, value }) {
    const s = requireSession();
    const row = s.fixCell(db, line, field, value);
    return { row, counts: s.counts() };
  },
  async exclude({ lines, excluded }) {
    const s = requireSession();
    s.exclude(db, lines, excluded);
    return { counts: s.counts() };
  },
  async commit({ actor, now, gate }) {
    const s = requireSession();
    return s.commit(db, actor, new Date(now), gate && (() => waitForBackup(gate)));
  },
  async checkpoint() {
    checkpoint(db, 'PASSIVE');
    return null;
  },
  async undo({ batchId, actor, now }) {
    return undoBatch(db, batchId, actor, new Date(now));
  },
  async rewriteFile() {
    await rewriteFile(db);
    return null;
  },
};

port.on('message', async ({ id, op, args }: ToWorker) => {
  try {
    const handler = handlers[op] as (args: unknown) => Promise<unknown>;
    post({ kind: 'result', id, ok: true, value: await handler(args) });
  } catch (error) {
    const payload = toErrorPayload(error);
    // The main side's sink logs what nobody expected, with its stack (errors survive the structured clone).
    const cause = payload.code === 'INTERNAL' && error instanceof Error ? error : undefined;
    try {
      post({ kind: 'result', id, ok: false, error: payload, cause });
    } catch {
      // An error holding something that cannot be cloned: its name and stack still can.
      post({ kind: 'result', id, ok: false, error: payload, cause: cause && stackOnly(cause) });
    }
  }
});
