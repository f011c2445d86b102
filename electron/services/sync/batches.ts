import { createHash } from 'node:crypto';
import type { BatchChunk } from '../../../shared/sync/protocol.ts';
import type { CentralApi } from './central-api.ts';
import type { Mirror } from './mirror.ts';

/** Patrons per chunk: a few hundred kilobytes of JSON, a small retry when a connection drops. */
const chunkRows = 2_000;

/**
 * Uploads the import batches committed on this PC: the patrons each created, updated or unregistered, as
 * content-addressed chunks (sha256 of the JSON), then a commit naming them. Every step is retry-safe: a
 * chunk the server already holds is accepted again, a batch already committed answers with its result,
 * so the queue entry is dropped only once the commit is acknowledged.
 */
export async function uploadBatches(mirror: Mirror, api: CentralApi): Promise<number> {
  const queued = await mirror.db
    .selectFrom('sync_batch_upload')
    .select('batch_id')
    .orderBy('queued_at')
    .execute();
  let uploaded = 0;
  for (const { batch_id: batchId } of queued) {
    const batch = await mirror.db
      .selectFrom('import_batch')
      .select(['library_id', 'mode', 'file_name'])
      .where('id', '=', batchId)
      .executeTakeFirst();
    if (batch) {
      const chunks: string[] = [];
      for (const content of batchChunks(mirror, batchId)) {
        const sha256 = createHash('sha256').update(content).digest('hex');
        await api.putChunk(batchId, sha256, content);
        chunks.push(sha256);
      }
      await api.commitBatch(batchId, {
        libraryId: batch.library_id,
        mode: batch.mode,
        fileName: batch.file_name,
        chunks,
      });
      uploaded += 1;
    }
    await mirror.db.deleteFrom('sync_batch_upload').where('batch_id', '=', batchId).execute();
  }
  return uploaded;
}

/** The batch's patrons as they stand now (found by `created_batch` and `import_change`), in chunks. */
function* batchChunks(mirror: Mirror, batchId: string): Generator<Uint8Array> {
  const rows = mirror.sqlite
    .prepare(
      `SELECT * FROM patron WHERE created_batch = @batch
       UNION ALL
       SELECT patron.* FROM import_change JOIN patron ON patron.id = import_change.patron_id
       WHERE import_change.batch_id = @batch AND patron.created_batch IS NOT @batch
       ORDER BY id`,
    )
    .all({ batch: batchId }) as Record<string, unknown>[];
  for (let start = 0; start < rows.length; start += chunkRows) {
    const chunk: BatchChunk = {
      patrons: rows
        .slice(start, start + chunkRows)
        .map(({ num: _num, ...patron }) => patron as BatchChunk['patrons'][number]),
    };
    yield new TextEncoder().encode(JSON.stringify(chunk));
  }
}
