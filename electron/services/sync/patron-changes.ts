import { createHash } from 'node:crypto';
import {
  deletedIdsOf,
  dropQueued,
  fileRefusedSet,
  importBatchHeader,
  patronPagesOf,
  type QueuedChangeSet,
  queuedChangeSets,
} from '../../../db/queries/sync-patron-sending.ts';
import { AppError } from '../../../shared/errors.ts';
import type { BatchChunk, BatchCommit } from '../../../shared/sync/protocol.ts';
import { type CentralApi, SyncRefusedError } from './central-api.ts';
import type { Mirror } from './mirror.ts';

/** Patrons per chunk: a few hundred kilobytes of JSON, a small retry when a connection drops. */
const chunkRows = 2_000;
/** Deleted ids per chunk (an id is a few dozen bytes). */
const chunkDeletedIds = 20_000;

type Patron = BatchChunk['patrons'][number];

/**
 * Uploads the patron change sets made on this PC (imports, undos, duplicate decisions, purges), in the
 * order they were made: the patrons each touched as they stand now and the ids it deleted, as
 * content-addressed chunks (sha256 of the JSON), then a commit naming them. Every step is retry-safe: a
 * chunk the server already holds is accepted again, a set already committed answers with its result, so
 * the queue entry is dropped only once the commit is acknowledged. A set the account may not send (a
 * reader's) or the server refuses as data (an unknown library) is dropped too and filed with the server's
 * reason among the refused changes, so the sync goes on with the pull and the PC's later sets.
 */
export async function uploadPatronChanges(mirror: Mirror, api: CentralApi): Promise<number> {
  const queued = await queuedChangeSets(mirror.db);
  let uploaded = 0;
  for (const entry of queued) {
    const commit = await commitOf(mirror, entry);
    if (commit) {
      try {
        for (const content of chunksOf(mirror, entry)) {
          const sha256 = createHash('sha256').update(content).digest('hex');
          await api.putChunk(entry.change_id, sha256, content);
          commit.chunks.push(sha256);
        }
        await api.commitBatch(entry.change_id, commit);
        uploaded += 1;
      } catch (error) {
        if (!(error instanceof SyncRefusedError || (error instanceof AppError && error.code === 'FORBIDDEN')))
          throw error;
        await fileRefusal(mirror, entry, error);
        continue;
      }
    }
    await dropQueued(mirror.db, entry.change_id);
  }
  return uploaded;
}

/** The commit without its chunks; undefined when there is nothing to send (the import batch is gone). */
async function commitOf(mirror: Mirror, entry: QueuedChangeSet): Promise<BatchCommit | undefined> {
  switch (entry.kind) {
    case 'import': {
      const batch = await importBatchHeader(mirror.db, entry.batch_id as string);
      return batch
        ? {
            kind: 'import',
            libraryId: batch.library_id,
            mode: batch.mode,
            fileName: batch.file_name,
            chunks: [],
          }
        : undefined;
    }
    case 'undo':
      return { kind: 'undo', batchId: entry.batch_id as string, chunks: [] };
    default:
      return { kind: entry.kind, chunks: [] };
  }
}

/**
 * The set's patrons as they stand now, then the ids it deleted, in chunks. An import's rows are found by
 * `created_batch` and `import_change`; the other kinds recorded theirs when they were made. A row deleted
 * since is left out: the set that deleted it carries that. Rows are read a chunk at a time, so a
 * 100,000-row import never holds the main thread longer than one chunk between two uploads.
 */
function* chunksOf(mirror: Mirror, entry: QueuedChangeSet): Generator<Uint8Array> {
  const encode = (chunk: BatchChunk) => new TextEncoder().encode(JSON.stringify(chunk));
  // `num` and `import_fingerprint` are this PC's own (migration 20): not the server's to keep.
  for (const page of patronPagesOf(mirror.sqlite, entry, chunkRows))
    yield encode({
      patrons: page.map(({ num: _num, import_fingerprint: _fingerprint, ...patron }) => patron as Patron),
    });
  const deleted = deletedIdsOf(mirror.sqlite, entry.change_id);
  for (let start = 0; start < deleted.length; start += chunkDeletedIds)
    yield encode({ patrons: [], deleted: deleted.slice(start, start + chunkDeletedIds) });
}

const kindLabels: Record<QueuedChangeSet['kind'], string> = {
  import: 'import',
  undo: 'annulation d’import',
  duplicates: 'décision sur un doublon',
  purge: 'purge (règle de conservation)',
};

/** Kept for people to read, like a refused row change (sync.rejections). */
async function fileRefusal(mirror: Mirror, entry: QueuedChangeSet, error: AppError) {
  await fileRefusedSet(mirror.db, entry, {
    code: error instanceof SyncRefusedError ? error.serverCode : error.code,
    reason: error instanceof SyncRefusedError ? error.reason : error.message,
    label: kindLabels[entry.kind],
  });
}
