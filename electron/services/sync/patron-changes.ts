import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import type { BatchChunk, BatchCommit } from '../../../shared/sync/protocol.ts';
import type { CentralApi } from './central-api.ts';
import type { Mirror } from './mirror.ts';

/** Patrons per chunk: a few hundred kilobytes of JSON, a small retry when a connection drops. */
const chunkRows = 2_000;
/** Deleted ids per chunk (an id is a few dozen bytes). */
const chunkDeletedIds = 20_000;

interface Queued {
  change_id: string;
  kind: 'import' | 'undo' | 'duplicates' | 'purge';
  batch_id: string | null;
  queued_at: string;
}

type Patron = BatchChunk['patrons'][number];

/**
 * Uploads the patron change sets made on this PC (imports, undos, duplicate decisions, purges), in the
 * order they were made: the patrons each touched as they stand now and the ids it deleted, as
 * content-addressed chunks (sha256 of the JSON), then a commit naming them. Every step is retry-safe: a
 * chunk the server already holds is accepted again, a set already committed answers with its result, so
 * the queue entry is dropped only once the commit is acknowledged. A set the account may not send (a
 * reader's) is dropped too and filed with the server's reason among the refused changes, so the sync goes
 * on with the pull.
 */
export async function uploadPatronChanges(mirror: Mirror, api: CentralApi): Promise<number> {
  const queued = (await mirror.db
    .selectFrom('sync_patron_upload')
    .select(['change_id', 'kind', 'batch_id', 'queued_at'])
    .orderBy('seq')
    .execute()) as Queued[];
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
        if (!(error instanceof AppError && error.code === 'FORBIDDEN')) throw error;
        await fileRefusal(mirror, entry, error);
        continue;
      }
    }
    await mirror.db.deleteFrom('sync_patron_upload').where('change_id', '=', entry.change_id).execute();
  }
  return uploaded;
}

/** The commit without its chunks; undefined when there is nothing to send (the import batch is gone). */
async function commitOf(mirror: Mirror, entry: Queued): Promise<BatchCommit | undefined> {
  switch (entry.kind) {
    case 'import': {
      const batch = await mirror.db
        .selectFrom('import_batch')
        .select(['library_id', 'mode', 'file_name'])
        .where('id', '=', entry.batch_id as string)
        .executeTakeFirst();
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
function* chunksOf(mirror: Mirror, entry: Queued): Generator<Uint8Array> {
  const encode = (chunk: BatchChunk) => new TextEncoder().encode(JSON.stringify(chunk));
  for (const page of patronPages(mirror, entry))
    yield encode({ patrons: page.map(({ num: _num, ...patron }) => patron as Patron) });
  const deleted = mirror.sqlite
    .prepare(
      'SELECT patron_id FROM sync_patron_upload_row WHERE change_id = ? AND deleted = 1 ORDER BY patron_id',
    )
    .pluck()
    .all(entry.change_id) as string[];
  for (let start = 0; start < deleted.length; start += chunkDeletedIds)
    yield encode({ patrons: [], deleted: deleted.slice(start, start + chunkDeletedIds) });
}

type Row = Record<string, unknown>;

/** The set's live patrons, `chunkRows` at a time, each page after the last key of the one before. */
function* patronPages(mirror: Mirror, entry: Queued): Generator<Row[]> {
  const pages: [sql: string, parameters: unknown[], key: string][] =
    entry.kind === 'import'
      ? [
          ['SELECT * FROM patron WHERE created_batch = ? AND num > ? ORDER BY num', [entry.batch_id], 'num'],
          [
            `SELECT patron.* FROM import_change JOIN patron ON patron.id = import_change.patron_id
             WHERE import_change.batch_id = ? AND patron.created_batch IS NOT ? AND import_change.patron_id > ?
             ORDER BY import_change.patron_id`,
            [entry.batch_id, entry.batch_id],
            'id',
          ],
        ]
      : [
          [
            `SELECT patron.* FROM sync_patron_upload_row AS r JOIN patron ON patron.id = r.patron_id
             WHERE r.change_id = ? AND r.deleted = 0 AND r.patron_id > ? ORDER BY r.patron_id`,
            [entry.change_id],
            'id',
          ],
        ];
  for (const [sql, parameters, key] of pages) {
    const page = mirror.sqlite.prepare(`${sql} LIMIT ${chunkRows}`);
    let after: unknown = key === 'num' ? 0 : '';
    for (;;) {
      const rows = page.all(...parameters, after) as Row[];
      if (rows.length === 0) break;
      yield rows;
      after = (rows.at(-1) as Row)[key];
    }
  }
}

const kindLabels: Record<Queued['kind'], string> = {
  import: 'import',
  undo: 'annulation d’import',
  duplicates: 'décision sur un doublon',
  purge: 'purge (règle de conservation)',
};

/** Kept for people to read, like a refused row change (sync.rejections). */
async function fileRefusal(mirror: Mirror, entry: Queued, error: AppError) {
  await mirror.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sync_rejection')
      .values({
        mutation_id: entry.change_id,
        client_seq: 0,
        table_name: 'patron',
        row_id: entry.batch_id ?? entry.change_id,
        op: entry.kind === 'purge' ? 'delete' : 'upsert',
        patch: JSON.stringify({ kind: entry.kind, label: kindLabels[entry.kind] }),
        at: entry.queued_at,
        code: error.code,
        reason: error.message,
        rejected_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.column('mutation_id').doNothing())
      .execute();
    await trx.deleteFrom('sync_patron_upload').where('change_id', '=', entry.change_id).execute();
  });
}
