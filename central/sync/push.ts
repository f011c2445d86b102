import { sql } from 'kysely';
import {
  type Mutation,
  type MutationResult,
  mutationResultSchema,
  type PushRequest,
  type PushResponse,
} from '../../shared/sync/protocol.ts';
import type { CentralContext } from '../context.ts';
import type { Caller } from '../http/authenticate.ts';
import { HttpError } from '../http/errors.ts';
import { applyMutation } from './apply-mutation.ts';
import { dataErrorReason, isDataError } from './data-errors.ts';
import type { LogTransaction } from './log.ts';
import { LogPage } from './log-page.ts';
import { rejected } from './results.ts';

const gap = (expected: number) =>
  new HttpError(
    409,
    'SYNC_GAP',
    `Modifications reçues dans le désordre : le serveur attend la n° ${expected}. Elles seront renvoyées.`,
    { expected },
  );

/**
 * A push: the mutations already stored are answered with their stored results (idempotent), the new ones
 * are applied in clientSeq order IN ONE TRANSACTION for the request (log-page.ts: the counter locked once,
 * writes sent together), so a server killed mid-push leaves whole mutations or nothing, and a retry finds
 * the stored result of each one applied. A mutation beyond acceptedThrough + 1 is a gap: 409 SYNC_GAP with
 * `expected`, nothing applied. A value the database itself refuses (data-errors.ts) rolls that transaction
 * back; the request is then applied again one mutation per transaction, the refused one recorded as
 * rejected DATA_REFUSED and the others applied.
 */
export async function push(ctx: CentralContext, caller: Caller, request: PushRequest): Promise<PushResponse> {
  const seqs = request.mutations.map((m) => m.clientSeq);
  if (seqs.some((seq, i) => i > 0 && seq !== (seqs[i - 1] ?? 0) + 1))
    throw new HttpError(
      400,
      'INVALID_INPUT',
      'Requête invalide : les numéros de modification doivent se suivre.',
    );
  const client = { userId: caller.id, clientId: request.clientId };
  const accepted = await acceptedThrough(ctx.db, client);
  const firstNew = request.mutations.find((m) => m.clientSeq > accepted);
  if (firstNew && firstNew.clientSeq !== accepted + 1) throw gap(accepted + 1);

  const replayed = request.mutations.filter((m) => m.clientSeq <= accepted);
  const stored = await storedResults(ctx.db, client, replayed);
  const results: MutationResult[] = replayed.map((mutation) => {
    const result = stored.get(mutation.clientSeq);
    // Sequences below acceptedThrough are all stored; a hole means the client reused an old sequence.
    if (!result) throw new HttpError(409, 'SYNC_SEQ_UNKNOWN', 'Numéro de modification inconnu du serveur.');
    return checked(result, mutation);
  });
  const fresh = request.mutations.filter((m) => m.clientSeq > accepted);
  if (fresh.length) {
    try {
      results.push(
        ...(await ctx.db.transaction().execute((trx) => applyPage(trx, ctx, client, fresh, caller))),
      );
    } catch (error) {
      if (!isDataError(error)) throw error;
      for (const mutation of fresh)
        results.push(...(await applyAloneOrRefuse(ctx, client, mutation, caller)));
    }
  }
  return { results, acceptedThrough: Math.max(accepted, ...results.map((r) => r.clientSeq)) };
}

/**
 * One mutation in its own transaction (the slow path, after a data error in its page). A value the
 * database refuses rolls it back and the mutation is recorded as rejected, with its reason, in a second
 * one: the client's sequence moves on and its later mutations are applied.
 */
async function applyAloneOrRefuse(
  ctx: CentralContext,
  client: Client,
  mutation: Mutation,
  caller: Caller,
): Promise<MutationResult[]> {
  try {
    return await ctx.db.transaction().execute((trx) => applyPage(trx, ctx, client, [mutation], caller));
  } catch (error) {
    if (!isDataError(error)) throw error;
    return ctx.db.transaction().execute((trx) => applyPage(trx, ctx, client, [mutation], caller, 'refuse'));
  }
}

/**
 * Under the log lock, which serialises writers: a concurrent duplicate of this push (a retry racing the
 * original) sees the first one's stored results instead of applying the mutations twice.
 */
async function applyPage(
  trx: LogTransaction,
  ctx: CentralContext,
  client: Client,
  mutations: Mutation[],
  caller: Caller,
  mode: 'apply' | 'refuse' = 'apply',
): Promise<MutationResult[]> {
  const page = await LogPage.open(trx);
  const stored = await storedResults(trx, client, mutations);
  let through = await acceptedThrough(trx, client);
  // Refusing reads nothing of the rows (the refused value may be what the database cannot even compare).
  if (mode === 'apply') await page.prefetch(mutations);
  const now = ctx.now();
  const results: MutationResult[] = [];
  for (const mutation of mutations) {
    const previous = stored.get(mutation.clientSeq);
    if (previous) {
      results.push(checked(previous, mutation));
      continue;
    }
    if (mutation.clientSeq !== through + 1) throw gap(through + 1);
    const result =
      mode === 'apply'
        ? await applyMutation(page, mutation, caller, now, client.clientId)
        : rejected(mutation, 'DATA_REFUSED', dataErrorReason);
    page.recordResult({
      client_id: client.clientId,
      client_seq: mutation.clientSeq,
      mutation_id: mutation.mutationId,
      user_id: client.userId,
      result: JSON.stringify(result),
      at: now,
    });
    through = mutation.clientSeq;
    results.push(result);
  }
  await page.flush();
  return results;
}

/**
 * A PC's sequence, as one account pushes it (sync_mutation's key, migration 8). Rather than binding a
 * client id to the first account that used it (and refusing the others): staff share PCs and log in in
 * turn, so the next account on a PC simply starts a sequence of its own (SYNC_GAP, the desktop renumbers)
 * instead of being locked out of syncing from that PC — and a thief of the id still reaches nothing.
 */
interface Client {
  userId: string;
  clientId: string;
}

const seqReused = new HttpError(
  409,
  'SYNC_SEQ_REUSED',
  'Ce numéro de modification a déjà servi à une autre modification : le poste reprend sous un nouvel identifiant.',
);

/**
 * The stored results of these (account, client, sequence), in one query. Another mutation under a stored
 * number means the numbers were reused (a restored copy of the PC): never answered with the other
 * mutation's result (`checked`).
 */
async function storedResults(
  db: CentralContext['db'] | LogTransaction,
  client: Client,
  mutations: readonly Mutation[],
): Promise<Map<number, { mutationId: string; result: MutationResult }>> {
  if (!mutations.length) return new Map();
  const rows = await db
    .selectFrom('sync_mutation')
    .select(['client_seq', 'result', 'mutation_id'])
    .where('user_id', '=', client.userId)
    .where('client_id', '=', client.clientId)
    .where('client_seq', '>=', mutations[0]?.clientSeq ?? 0)
    .where('client_seq', '<=', mutations.at(-1)?.clientSeq ?? 0)
    .execute();
  return new Map(
    rows.map((row) => [
      Number(row.client_seq),
      { mutationId: row.mutation_id, result: mutationResultSchema.parse(row.result) },
    ]),
  );
}

function checked(stored: { mutationId: string; result: MutationResult }, mutation: Mutation): MutationResult {
  if (stored.mutationId !== mutation.mutationId) throw seqReused;
  return stored.result;
}

async function acceptedThrough(db: CentralContext['db'] | LogTransaction, client: Client): Promise<number> {
  const result = await sql<{ through: number | null }>`
    SELECT max(client_seq)::int AS through FROM sync_mutation
    WHERE user_id = ${client.userId} AND client_id = ${client.clientId}`.execute(db);
  return result.rows[0]?.through ?? 0;
}
