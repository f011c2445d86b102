import { ensureSyncState, listOutbox, renewClientId } from '../../../db/queries/sync-state.ts';
import type { Mutation, MutationResult, SyncTable } from '../../../shared/sync/protocol.ts';
import { type CentralApi, SyncGapError, SyncLogMismatchError } from './central-api.ts';
import type { Mirror } from './mirror.ts';

/** Mutations per push request (the protocol allows 500; smaller pages keep each answer's transaction short). */
const pageSize = 200;

/**
 * Sends the outbox in client-sequence order, page by page, and files each result in one transaction per
 * page: applied → dropped; rejected → dropped and kept with the server's reason for people to read;
 * conflict → dropped (the conflict row comes down with the next pull). Rejected and conflicting rows go
 * back to the server's copy. A page whose answer is lost stays in the outbox and is sent again: the
 * server answers a repeated sequence number with its stored result, so nothing applies twice.
 */
export async function pushOutbox(mirror: Mirror, api: CentralApi): Promise<number> {
  let clientId = (await ensureSyncState(mirror.db)).client_id;
  let pushed = 0;
  let gaps = 0;
  let renewed = false;
  // This database is an older copy of a PC that synced since (a restored backup): the server holds other
  // mutations under its sequence numbers. Going on as a new client (renumbered from 1) loses nothing.
  const startAfresh = async () => {
    renewed = true;
    gaps = 0;
    clientId = await renewClientId(mirror.db);
  };
  for (;;) {
    const entries = await listOutbox(mirror.db, 0, pageSize);
    if (entries.length === 0) return pushed;
    const mutations: Mutation[] = entries.map((entry) => ({
      clientSeq: entry.client_seq,
      mutationId: entry.mutation_id,
      table: entry.table_name as SyncTable,
      rowId: entry.row_id,
      op: entry.op,
      patch: JSON.parse(entry.patch),
      baseVersion: entry.base_version,
      at: entry.at,
    }));
    // From now on the server may hold them: later edits of these rows queue new entries.
    await mirror.db
      .updateTable('sync_outbox')
      .set({ sent: 1 })
      .where('client_seq', '<=', mutations.at(-1)?.clientSeq ?? 0)
      .where('sent', '=', 0)
      .execute();
    let results: MutationResult[];
    try {
      ({ results } = await api.push({ clientId, mutations }));
    } catch (error) {
      // The server holds fewer sequence numbers than this outbox starts after (a new or restored server):
      // renumber the outbox from the number it expects, once per sync.
      if (error instanceof SyncGapError && gaps++ === 0) {
        await renumberOutbox(mirror, error.expected);
        continue;
      }
      if (error instanceof SyncLogMismatchError && !renewed) {
        await startAfresh();
        continue;
      }
      throw error;
    }
    const filed = await fileResults(mirror, mutations, results);
    if (filed === 0 && results.length > 0 && !renewed) {
      await startAfresh();
      continue;
    }
    if (filed === 0) return pushed;
    pushed += filed;
  }
}

async function fileResults(mirror: Mirror, sent: Mutation[], results: MutationResult[]): Promise<number> {
  const bySeq = new Map(sent.map((mutation) => [mutation.clientSeq, mutation]));
  const dropEntry = mirror.sqlite.prepare('DELETE FROM sync_outbox WHERE client_seq = ? AND mutation_id = ?');
  const keepRejection = mirror.sqlite.prepare(
    `INSERT OR REPLACE INTO sync_rejection (mutation_id, client_seq, table_name, row_id, op, patch, at, code, reason, rejected_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const knownVersion = mirror.sqlite
    .prepare('SELECT version FROM sync_version WHERE table_name = ? AND row_id = ?')
    .pluck();
  const conflictTarget = mirror.sqlite.prepare(
    'SELECT table_name AS "table", row_id AS rowId FROM sync_conflict WHERE id = ?',
  );
  const rejectedAt = new Date().toISOString();
  return mirror.transaction(() => {
    let filed = 0;
    const restore: { table: string; rowId: string }[] = [];
    for (const result of results) {
      const mutation = bySeq.get(result.clientSeq);
      // A result for another mutation under this number would mean the server's log and ours disagree:
      // keep ours and let the next push sort it out rather than drop a change on a mismatch.
      if (!mutation || mutation.mutationId !== result.mutationId) continue;
      dropEntry.run(result.clientSeq, result.mutationId);
      filed += 1;
      if (result.status === 'applied') {
        // Nothing changed on the server (the values were already there): no version will come down to
        // replace this PC's row, whose local stamps (updated_at) must go back to the server's.
        const known = knownVersion.get(mutation.table, mutation.rowId) as number | undefined;
        if (result.rowVersion !== undefined && known !== undefined && result.rowVersion <= known)
          restore.push({ table: mutation.table, rowId: mutation.rowId });
        continue;
      }
      restore.push({ table: mutation.table, rowId: mutation.rowId });
      // A refused resolution (another PC resolved first) also takes back the value shown on its row.
      if (mutation.table === 'sync_conflict') {
        const target = conflictTarget.get(mutation.rowId) as { table: string; rowId: string } | undefined;
        if (target) restore.push(target);
      }
      if (result.status === 'rejected') {
        keepRejection.run(
          mutation.mutationId,
          mutation.clientSeq,
          mutation.table,
          mutation.rowId,
          mutation.op,
          JSON.stringify(mutation.patch),
          mutation.at,
          result.code ?? 'REJECTED',
          result.reason ?? 'Modification refusée par le serveur central.',
          rejectedAt,
        );
      }
    }
    mirror.applier.restore(restore);
    return filed;
  });
}

/** Shifts every waiting entry down so the first one carries `expected`, keeping their order. */
async function renumberOutbox(mirror: Mirror, expected: number) {
  await mirror.transaction(() => {
    const first = mirror.sqlite.prepare('SELECT min(client_seq) FROM sync_outbox').pluck().get() as
      | number
      | null;
    if (first === null || first === expected) return;
    const shift = first - expected;
    mirror.sqlite.prepare('UPDATE sync_outbox SET client_seq = -client_seq').run();
    mirror.sqlite.prepare('UPDATE sync_outbox SET client_seq = -client_seq - ?').run(shift);
    mirror.sqlite
      .prepare(
        "UPDATE sqlite_sequence SET seq = (SELECT max(client_seq) FROM sync_outbox) WHERE name = 'sync_outbox'",
      )
      .run();
  });
}
