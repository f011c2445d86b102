import {
  conflictTargets,
  knownVersions,
  markSent,
  rejectionStatements,
  renumberWaiting,
} from '../../../db/queries/sync-push.ts';
import { ensureSyncState, listOutbox, renewClientId } from '../../../db/queries/sync-state.ts';
import type { Mutation, MutationResult, SyncTable } from '../../../shared/sync/protocol.ts';
import { type CentralApi, SyncGapError, SyncLogMismatchError, SyncRefusedError } from './central-api.ts';
import type { Mirror } from './mirror.ts';

/** Mutations per push request (the protocol allows 500; smaller pages keep each answer's transaction short). */
const pageSize = 200;

/**
 * Sends the outbox in client-sequence order, page by page, and files each result in one transaction per
 * page: applied → dropped; rejected → dropped and kept with the server's reason for people to read;
 * conflict → dropped (the conflict row comes down with the next pull). Rejected and conflicting rows go
 * back to the server's copy. A page whose answer is lost stays in the outbox and is sent again: the
 * server answers a repeated sequence number with its stored result, so nothing applies twice. A page the
 * server refuses as a whole (a mutation it cannot read, a body too large) is halved until the mutation it
 * refuses is alone; that one is filed as refused, and the ones after it go through.
 */
export async function pushOutbox(mirror: Mirror, api: CentralApi): Promise<number> {
  let clientId = (await ensureSyncState(mirror.db)).client_id;
  let pushed = 0;
  let gaps = 0;
  let renewed = false;
  let limit = pageSize;
  // This database is an older copy of a PC that synced since (a restored backup): the server holds other
  // mutations under its sequence numbers. Going on as a new client (renumbered from 1) loses nothing.
  const startAfresh = async () => {
    renewed = true;
    gaps = 0;
    clientId = await renewClientId(mirror.db);
  };
  for (;;) {
    const entries = await listOutbox(mirror.db, 0, limit);
    if (entries.length === 0) return pushed;
    // A hole in the numbers (left by a restored copy whose entries the server answered for others) would
    // be refused whole: close it first.
    if (entries.some((entry, i) => i > 0 && entry.client_seq !== (entries[i - 1]?.client_seq ?? 0) + 1)) {
      await renumberOutbox(mirror, entries[0]?.client_seq ?? 1);
      continue;
    }
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
    await markSent(mirror.db, mutations.at(-1)?.clientSeq ?? 0);
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
      if (error instanceof SyncRefusedError) {
        if (mutations.length > 1) {
          limit = Math.ceil(mutations.length / 2);
          continue;
        }
        await fileRefusedAlone(mirror, mutations[0] as Mutation, error);
        pushed += 1;
        limit = pageSize;
        continue;
      }
      throw error;
    }
    const filed = await fileResults(mirror, mutations, results);
    // Results for other mutations under our numbers: the server knows another history of this client id.
    if (filed < results.length && !renewed) {
      await startAfresh();
      continue;
    }
    if (filed === 0) return pushed;
    pushed += filed;
  }
}

/** Drops an outbox entry and keeps it, with the server's code and reason, for people to read. */
function rejectionFiler(mirror: Mirror) {
  const statements = rejectionStatements(mirror.sqlite);
  const rejectedAt = new Date().toISOString();
  return {
    drop: (mutation: Mutation) => statements.drop(mutation.clientSeq, mutation.mutationId),
    keep: (mutation: Mutation, code: string, reason: string) =>
      statements.keep({ ...mutation, patch: JSON.stringify(mutation.patch) }, code, reason, rejectedAt),
  };
}

/**
 * A mutation the server refused without storing anything for it: filed like a rejected one, its row back
 * to the server's copy, and the entries after it numbered down by one — the server expects its number next.
 */
async function fileRefusedAlone(mirror: Mirror, mutation: Mutation, error: SyncRefusedError) {
  const filer = rejectionFiler(mirror);
  await mirror.write(() => {
    filer.drop(mutation);
    filer.keep(mutation, error.serverCode, error.reason);
    mirror.applier.restore([{ table: mutation.table, rowId: mutation.rowId }]);
  });
  await renumberOutbox(mirror, mutation.clientSeq);
}

async function fileResults(mirror: Mirror, sent: Mutation[], results: MutationResult[]): Promise<number> {
  const bySeq = new Map(sent.map((mutation) => [mutation.clientSeq, mutation]));
  const filer = rejectionFiler(mirror);
  const knownVersion = knownVersions(mirror.sqlite);
  const conflictTarget = conflictTargets(mirror.sqlite);
  return mirror.write(() => {
    let filed = 0;
    const restore: { table: string; rowId: string }[] = [];
    for (const result of results) {
      const mutation = bySeq.get(result.clientSeq);
      // A result for another mutation under this number would mean the server's log and ours disagree:
      // keep ours and let the next push sort it out rather than drop a change on a mismatch.
      if (!mutation || mutation.mutationId !== result.mutationId) continue;
      filer.drop(mutation);
      filed += 1;
      if (result.status === 'applied') {
        // Nothing changed on the server (the values were already there): no version will come down to
        // replace this PC's row, whose local stamps (updated_at) must go back to the server's.
        const known = knownVersion(mutation.table, mutation.rowId);
        if (result.rowVersion !== undefined && known !== undefined && result.rowVersion <= known)
          restore.push({ table: mutation.table, rowId: mutation.rowId });
        continue;
      }
      restore.push({ table: mutation.table, rowId: mutation.rowId });
      // A refused resolution (another PC resolved first) also takes back the value shown on its row.
      if (mutation.table === 'sync_conflict') {
        const target = conflictTarget(mutation.rowId);
        if (target) restore.push(target);
      }
      if (result.status === 'rejected')
        filer.keep(
          mutation,
          result.code ?? 'REJECTED',
          result.reason ?? 'Modification refusée par le serveur central.',
        );
    }
    mirror.applier.restore(restore);
    return filed;
  });
}

/** Numbers every waiting entry from `expected` on, one after another, keeping their order. */
async function renumberOutbox(mirror: Mirror, expected: number) {
  await mirror.write(() => renumberWaiting(mirror.sqlite, expected));
}
