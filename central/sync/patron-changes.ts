import { sql } from 'kysely';
import type { BatchCommit, BatchCommitResult } from '../../shared/sync/protocol.ts';
import type { Caller } from '../http/authenticate.ts';
import { HttpError } from '../http/errors.ts';
import { currentLogVersion, type LogTransaction, takeVersions } from './log.ts';
import type { PatronChunk } from './tables.ts';

/** Rows per UPDATE statement: one JSON parameter of a few megabytes at most. */
const sliceRows = 5_000;

/**
 * A patron change set other than an import (undo, duplicate decisions, purge), inside the commit's
 * transaction under the log lock. Patrons are last-write-wins, whole rows, no review fields; but only rows
 * the server holds live change: a row it already deleted stays deleted (the delete wins, as for other
 * tables: another PC's purge or undo came first), and a row never uploaded, or whose library or card
 * number differs from the server's (one card per library), is left alone — all counted as `skipped`.
 * Deletions become tombstones (versioned first), then the rows, then for an undo the `import_batch` row
 * marked undone, so a PC applying the pull in order never holds a row its batch no longer has.
 */
export async function applyPatronChanges(
  trx: LogTransaction,
  caller: Caller,
  now: Date,
  changeId: string,
  commit: Exclude<BatchCommit, { kind: 'import' }>,
  chunks: PatronChunk[],
): Promise<BatchCommitResult> {
  const patrons = chunks.flatMap((chunk) => chunk.patrons);
  const deleted = chunks.flatMap((chunk) => chunk.deleted);
  const ids = [...patrons.map((row) => row.id), ...deleted];
  if (new Set(ids).size !== ids.length)
    throw new HttpError(
      400,
      'INVALID_INPUT',
      'Modification des lecteurs invalide : un lecteur y figure deux fois.',
    );
  const live = await liveKeys(trx, ids);
  const toDelete = deleted.filter((id) => live.has(id));
  const toUpdate = patrons.filter((row) => live.get(row.id) === keyOf(row.library_id, row.card_number));
  const undone = commit.kind === 'undo' ? await batchToMarkUndone(trx, commit.batchId) : false;

  const count = toDelete.length + toUpdate.length + (undone ? 1 : 0);
  if (count === 0) return result(await currentLogVersion(trx));
  let next = await takeVersions(trx, count);
  await tombstonePatrons(trx, toDelete, next, caller.email, now);
  next += toDelete.length;
  for (let start = 0; start < toUpdate.length; start += sliceRows) {
    const rows = toUpdate.slice(start, start + sliceRows);
    await sql`
      UPDATE sync_row SET version = ${next - 1}::bigint + e.ord, data = e.value,
        updated_by = ${caller.email}, updated_at = ${now}
      FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS e(value, ord)
      WHERE table_name = 'patron' AND row_id = e.value->>'id'`.execute(trx);
    next += rows.length;
  }
  if (undone && commit.kind === 'undo') {
    const stamp = now.toISOString();
    await sql`
      UPDATE sync_row SET version = ${next}, updated_by = ${caller.email}, updated_at = ${now},
        data = data || jsonb_build_object('undone_at', ${stamp}::text, 'undone_by', ${caller.email}::text,
          'updated_at', ${stamp}::text)
      WHERE table_name = 'import_batch' AND row_id = ${commit.batchId}`.execute(trx);
    next += 1;
  }
  return result(next - 1);

  function result(version: number): BatchCommitResult {
    return {
      batchId: changeId,
      version,
      rows: toDelete.length + toUpdate.length,
      created: 0,
      updated: toUpdate.length,
      deleted: toDelete.length,
      skipped: ids.length - toDelete.length - toUpdate.length,
    };
  }
}

const keyOf = (libraryId: string, card: string) => `${libraryId}\u0000${card}`;

/** The live patrons among `ids`, with their (library, card number) key. */
async function liveKeys(trx: LogTransaction, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await sql<{ row_id: string; library_id: string; card: string }>`
    SELECT row_id, data->>'library_id' AS library_id, data->>'card_number' AS card FROM sync_row
    WHERE table_name = 'patron' AND NOT deleted
      AND row_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`.execute(trx);
  return new Map(rows.rows.map((row) => [row.row_id, keyOf(row.library_id, row.card)]));
}

/**
 * An undo names a batch the server must hold (the PC uploads its import first, in the order it made
 * them); one already marked undone stays as it is.
 */
async function batchToMarkUndone(trx: LogTransaction, batchId: string): Promise<boolean> {
  const batch = await trx
    .selectFrom('sync_row')
    .select(['deleted', sql<string | null>`data->>'undone_at'`.as('undone_at')])
    .where('table_name', '=', 'import_batch')
    .where('row_id', '=', batchId)
    .executeTakeFirst();
  if (!batch || batch.deleted)
    throw new HttpError(
      400,
      'INVALID_INPUT',
      'Annulation invalide : le serveur central ne connaît pas cet import.',
    );
  return batch.undone_at === null;
}

/** Makes live patrons tombstones, taking versions `first`, `first + 1`… in the order given. */
export async function tombstonePatrons(
  trx: LogTransaction,
  rowIds: string[],
  first: number,
  by: string,
  now: Date,
): Promise<void> {
  if (!rowIds.length) return;
  await sql`
    UPDATE sync_row SET version = ${first - 1}::bigint + r.ord, deleted = true, data = '{}'::jsonb,
      field_versions = '{}'::jsonb, updated_by = ${by}, updated_at = ${now}
    FROM jsonb_array_elements_text(${JSON.stringify(rowIds)}::jsonb) WITH ORDINALITY AS r(id, ord)
    WHERE table_name = 'patron' AND row_id = r.id`.execute(trx);
}
