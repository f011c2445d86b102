import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { sql } from 'kysely';
import {
  type BatchCommit,
  type BatchCommitResult,
  batchCommitResultSchema,
} from '../../shared/sync/protocol.ts';
import type { CentralContext } from '../context.ts';
import type { Caller } from '../http/authenticate.ts';
import { HttpError, parse } from '../http/errors.ts';
import { dataErrorReason, isDataError } from './data-errors.ts';
import { type LogTransaction, lockLog, takeVersions } from './log.ts';
import { applyPatronChanges, tombstonePatrons } from './patron-changes.ts';
import { missingLibraries, unknownLibraryReason } from './references.ts';
import { type PatronChunk, type PatronRow, patronChunkSchema } from './tables.ts';

const gunzipAsync = promisify(gunzip);

/**
 * Unpacked off the event loop (zlib's thread pool), and never past `maxBytes`: a zip bomb stops there,
 * after holding that much at most, while the service keeps answering others.
 */
async function unpack(body: Uint8Array, maxBytes: number): Promise<Buffer> {
  try {
    return await gunzipAsync(body, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new HttpError(
        413,
        'TOO_LARGE',
        `Morceau d’import trop volumineux une fois décompressé (${Math.round(maxBytes / 1024 / 1024)} Mo au plus).`,
      );
    throw new HttpError(400, 'INVALID_INPUT', 'Morceau d’import illisible : gzip attendu.');
  }
}

function readChunk(json: Buffer): PatronChunk {
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch {
    throw new HttpError(400, 'INVALID_INPUT', 'Morceau d’import illisible : JSON attendu.');
  }
  return parse(patronChunkSchema, value);
}

/**
 * Sets never committed — a PC gone for good, a set the server refused (its chunks stay when the commit
 * fails), a client that only uploads — do not keep their patrons, names and e-mails included, for ever:
 * dropped at each upload, at start and daily (app.ts), so within a day of their limit.
 */
export async function dropExpiredChunks(ctx: Pick<CentralContext, 'db' | 'now' | 'limits'>): Promise<number> {
  const result = await ctx.db
    .deleteFrom('import_chunk')
    .where('created_at', '<', new Date(ctx.now().getTime() - ctx.limits.chunkTtlMs))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Stores one content-addressed chunk. The hash is of the uncompressed JSON, checked here; storing a chunk
 * already held (a retry) changes nothing. Returns whether it was new.
 */
export async function storeChunk(
  ctx: CentralContext,
  batchId: string,
  sha256: string,
  body: Uint8Array,
): Promise<boolean> {
  const json = await unpack(body, ctx.limits.chunkBytes);
  if (createHash('sha256').update(json).digest('hex') !== sha256)
    throw new HttpError(
      400,
      'CHUNK_HASH_MISMATCH',
      'Morceau d’import altéré : son empreinte ne correspond pas.',
    );
  const chunk = readChunk(json);
  const committed = await ctx.db
    .selectFrom('import_commit')
    .select('batch_id')
    .where('batch_id', '=', batchId)
    .executeTakeFirst();
  if (committed) return false;
  await dropExpiredChunks(ctx);
  const inserted = await ctx.db
    .insertInto('import_chunk')
    .values({
      batch_id: batchId,
      sha256,
      body,
      rows: chunk.patrons.length + chunk.deleted.length,
      created_at: ctx.now(),
    })
    .onConflict((oc) => oc.columns(['batch_id', 'sha256']).doNothing())
    .returning('sha256')
    .executeTakeFirst();
  return !!inserted;
}

/**
 * Commits a patron change set: every chunk applied in ONE transaction, under the log lock, each row taking
 * its own version (pull pages cut between versions). Committing twice returns the first result (stored in
 * `import_commit` under the set's id); a chunk not uploaded yet → 409 BATCH_INCOMPLETE with the missing
 * hashes. An import is applied here, the other kinds by patron-changes.ts.
 */
export async function commitBatch(
  ctx: CentralContext,
  caller: Caller,
  batchId: string,
  commit: BatchCommit,
): Promise<BatchCommitResult> {
  const outcome = await ctx.db
    .transaction()
    .execute(async (trx) => {
      await lockLog(trx);
      const done = await trx
        .selectFrom('import_commit')
        .select('result')
        .where('batch_id', '=', batchId)
        .executeTakeFirst();
      if (done) return { result: batchCommitResultSchema.parse(done.result), fresh: false };

      const wanted = [...new Set(commit.chunks)];
      const held = await trx
        .selectFrom('import_chunk')
        .select(['sha256', 'body'])
        .where('batch_id', '=', batchId)
        .where('sha256', 'in', wanted.length ? wanted : [''])
        .execute();
      const bodies = new Map(held.map((chunk) => [chunk.sha256, chunk.body]));
      const missing = wanted.filter((hash) => !bodies.has(hash));
      if (missing.length)
        throw new HttpError(
          409,
          'BATCH_INCOMPLETE',
          `Import incomplet : ${missing.length} morceau(x) manquant(s).`,
          {
            missing,
          },
        );

      const chunks: PatronChunk[] = [];
      for (const hash of wanted)
        chunks.push(readChunk(await unpack(bodies.get(hash) as Uint8Array, ctx.limits.chunkBytes)));
      const libraries = chunks.flatMap((chunk) => chunk.patrons.map((row) => row.library_id));
      if (commit.kind === 'import') libraries.push(commit.libraryId);
      if ((await missingLibraries(trx, libraries)).length > 0)
        throw new HttpError(422, 'UNKNOWN_REFERENCE', unknownLibraryReason);
      const now = ctx.now();
      const result =
        commit.kind === 'import'
          ? await applyImport(trx, caller, now, batchId, { ...commit, wanted }, chunks)
          : await applyPatronChanges(trx, caller, now, batchId, commit, chunks);
      await trx
        .insertInto('import_commit')
        .values({ batch_id: batchId, result: JSON.stringify(result), user_id: caller.id, at: now })
        .execute();
      // The chunks served their purpose; the rows now live in the log.
      await trx.deleteFrom('import_chunk').where('batch_id', '=', batchId).execute();
      return { result, fresh: true };
    })
    .catch((error: unknown) => {
      if (isDataError(error)) throw new HttpError(422, 'DATA_REFUSED', dataErrorReason);
      throw error;
    });
  // PGlite has no autovacuum: without fresh statistics after a big batch, the planner would sort the whole
  // log for every pull page instead of walking the version index.
  if (outcome.fresh && outcome.result.rows >= 1000) await sql`ANALYZE sync_row`.execute(ctx.db);
  return outcome.result;
}

/**
 * An import batch: each patron upserted by id (whole row, last write wins), then the `import_batch` row
 * takes the next version. An import deletes nothing.
 */
async function applyImport(
  trx: LogTransaction,
  caller: Caller,
  now: Date,
  batchId: string,
  commit: Extract<BatchCommit, { kind: 'import' }> & { wanted: string[] },
  parts: PatronChunk[],
): Promise<BatchCommitResult> {
  if (parts.some((part) => part.deleted.length))
    throw new HttpError(400, 'INVALID_INPUT', 'Import invalide : un import ne supprime aucun lecteur.');
  const chunks = parts.map((part) => part.patrons);
  const ids = checkBatchRows(chunks.flat(), commit.libraryId);
  const duplicates = await cardsHeldByOthers(trx, commit.libraryId, chunks.flat());
  let next = await takeVersions(trx, duplicates.length + ids.size + 1);
  await tombstonePatrons(trx, duplicates, next, caller.email, now);
  next += duplicates.length;
  let created = 0;
  for (const rows of chunks) {
    if (!rows.length) continue;
    const written = await sql<{ inserted: boolean }>`
      INSERT INTO sync_row (table_name, row_id, version, deleted, data, field_versions, updated_by, updated_at)
      SELECT 'patron', e.value->>'id', ${next - 1}::bigint + e.ord, false, e.value, '{}'::jsonb, ${caller.email}, ${now}
      FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS e(value, ord)
      ON CONFLICT (table_name, row_id) DO UPDATE SET
        version = excluded.version, deleted = false, data = excluded.data,
        updated_by = excluded.updated_by, updated_at = excluded.updated_at
      RETURNING (xmax = 0) AS inserted`.execute(trx);
    created += written.rows.filter((row) => row.inserted).length;
    next += rows.length;
  }
  const stamp = now.toISOString();
  const batchRow = {
    id: batchId,
    library_id: commit.libraryId,
    file_name: commit.fileName,
    file_sha256: createHash('sha256').update(commit.wanted.join('')).digest('hex'),
    mode: commit.mode,
    actor: caller.email,
    committed_at: stamp,
    created,
    updated: ids.size - created,
    unchanged: 0,
    rejected: 0,
    warnings: 0,
    possible_duplicates: 0,
    unregistered: 0,
    undone_at: null,
    undone_by: null,
    report: '',
    created_at: stamp,
    updated_at: stamp,
  };
  await trx
    .insertInto('sync_row')
    .values({
      table_name: 'import_batch',
      row_id: batchId,
      version: next,
      deleted: false,
      data: JSON.stringify(batchRow),
      field_versions: '{}',
      updated_by: caller.email,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['table_name', 'row_id'])
        .doUpdateSet({ version: next, data: JSON.stringify(batchRow), updated_at: now }),
    )
    .execute();
  return {
    batchId,
    version: next,
    rows: ids.size,
    created,
    updated: ids.size - created,
    replaced: duplicates.length,
  };
}

/** One library, each patron once, each card number once: else the batch is refused whole. */
function checkBatchRows(rows: PatronRow[], libraryId: string): Set<string> {
  const ids = new Set<string>();
  const cards = new Set<string>();
  for (const row of rows) {
    if (row.library_id !== libraryId)
      throw new HttpError(
        400,
        'INVALID_INPUT',
        'Import invalide : un lecteur appartient à une autre bibliothèque.',
      );
    if (ids.has(row.id) || cards.has(row.card_number))
      throw new HttpError(
        400,
        'INVALID_INPUT',
        'Import invalide : un lecteur (ou un n° de carte) y figure deux fois.',
      );
    ids.add(row.id);
    cards.add(row.card_number);
  }
  return ids;
}

/**
 * A card number is unique per library. Two PCs importing the same library's file offline create two ids
 * for one card: the batch committed last wins, and the other row becomes a tombstone, versioned BEFORE
 * the new rows so a PC applying the pull in order never holds both.
 */
async function cardsHeldByOthers(
  trx: LogTransaction,
  libraryId: string,
  rows: PatronRow[],
): Promise<string[]> {
  if (!rows.length) return [];
  const idOfCard = new Map(rows.map((row) => [row.card_number, row.id]));
  const held = await sql<{ row_id: string; card: string }>`
    SELECT row_id, data->>'card_number' AS card FROM sync_row
    WHERE table_name = 'patron' AND NOT deleted AND data->>'library_id' = ${libraryId}
      AND data->>'card_number' IN (SELECT jsonb_array_elements_text(${JSON.stringify([...idOfCard.keys()])}::jsonb))`.execute(
    trx,
  );
  return held.rows.filter((row) => idOfCard.get(row.card) !== row.row_id).map((row) => row.row_id);
}
