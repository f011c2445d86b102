import type { Kysely } from 'kysely';
import { uuidv7 } from '../../shared/ids.ts';
import type { Database } from '../schema.ts';
import { signalChangeQueued } from './sync-signal.ts';

export type Scalar = string | number | boolean | null;
export type Patch = Record<string, Scalar>;

/**
 * Queues one change for the central service, in the caller's transaction (db/write.ts calls it next to
 * the audit line), based on the row's version this PC last saw from the server (0: never seen).
 *
 * An edit of a row whose latest entry is an upsert never sent yet joins that entry instead: all entries
 * of a row share one base version (this PC cannot know the versions its own earlier entries will get),
 * so a second status move made offline would otherwise look stale against the first, and be a conflict
 * with oneself. A sent entry is frozen — the server may have applied it with its answer lost.
 */
export async function queueMutation(
  db: Kysely<Database>,
  change: { table: string; rowId: string; op: 'upsert' | 'delete'; patch: Patch; at: Date },
): Promise<void> {
  const at = change.at.toISOString();
  const latest = await db
    .selectFrom('sync_outbox')
    .select(['client_seq', 'op', 'patch', 'sent'])
    .where('table_name', '=', change.table)
    .where('row_id', '=', change.rowId)
    .orderBy('client_seq', 'desc')
    .executeTakeFirst();
  if (change.op === 'upsert' && latest?.op === 'upsert' && latest.sent === 0) {
    const patch = JSON.stringify({ ...JSON.parse(latest.patch), ...change.patch });
    await db
      .updateTable('sync_outbox')
      .set({ patch, at })
      .where('client_seq', '=', latest.client_seq)
      .execute();
    signalChangeQueued();
    return;
  }
  const base = await db
    .selectFrom('sync_version')
    .select('version')
    .where('table_name', '=', change.table)
    .where('row_id', '=', change.rowId)
    .executeTakeFirst();
  await db
    .insertInto('sync_outbox')
    .values({
      mutation_id: uuidv7(change.at.getTime()),
      table_name: change.table,
      row_id: change.rowId,
      op: change.op,
      patch: JSON.stringify(change.patch),
      base_version: base?.version ?? 0,
      at,
    })
    .execute();
  signalChangeQueued();
}

/** Only scalars travel; anything else (never expected from the editable tables) is sent as text. */
export function toPatch(values: Record<string, unknown>): Patch {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, value]) => value !== undefined)
      .map(([field, value]) => [field, isScalar(value) ? value : String(value)]),
  );
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
