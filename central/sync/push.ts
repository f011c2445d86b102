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
import { type LogTransaction, lockLog } from './log.ts';

const gap = (expected: number) =>
  new HttpError(
    409,
    'SYNC_GAP',
    `Modifications reçues dans le désordre : le serveur attend la n° ${expected}. Elles seront renvoyées.`,
    { expected },
  );

/**
 * A push, mutation by mutation in clientSeq order, ONE TRANSACTION PER MUTATION: its effects and its stored
 * result commit together, so a server killed mid-push leaves whole mutations or nothing, and a retry finds
 * the stored result of each one already applied (idempotent). A mutation beyond acceptedThrough + 1 is a
 * gap: 409 SYNC_GAP with `expected`, nothing applied.
 */
export async function push(ctx: CentralContext, caller: Caller, request: PushRequest): Promise<PushResponse> {
  const seqs = request.mutations.map((m) => m.clientSeq);
  if (seqs.some((seq, i) => i > 0 && seq !== (seqs[i - 1] ?? 0) + 1))
    throw new HttpError(
      400,
      'INVALID_INPUT',
      'Requête invalide : les numéros de modification doivent se suivre.',
    );
  let accepted = await acceptedThrough(ctx.db, request.clientId);
  const firstNew = request.mutations.find((m) => m.clientSeq > accepted);
  if (firstNew && firstNew.clientSeq !== accepted + 1) throw gap(accepted + 1);

  const results: MutationResult[] = [];
  for (const mutation of request.mutations) {
    const result =
      mutation.clientSeq <= accepted
        ? await storedResult(ctx, request.clientId, mutation)
        : await ctx.db
            .transaction()
            .execute((trx) => applyOnce(trx, ctx, request.clientId, mutation, caller));
    results.push(result);
    accepted = Math.max(accepted, mutation.clientSeq);
  }
  return { results, acceptedThrough: accepted };
}

/**
 * Under the log lock, which serialises writers: a concurrent duplicate of this push (a retry racing the
 * original) sees the first one's stored result instead of applying the mutation twice.
 */
async function applyOnce(
  trx: LogTransaction,
  ctx: CentralContext,
  clientId: string,
  mutation: Mutation,
  caller: Caller,
): Promise<MutationResult> {
  await lockLog(trx);
  const stored = await trx
    .selectFrom('sync_mutation')
    .select('result')
    .where('client_id', '=', clientId)
    .where('client_seq', '=', mutation.clientSeq)
    .executeTakeFirst();
  if (stored) return mutationResultSchema.parse(stored.result);
  const through = await acceptedThrough(trx, clientId);
  if (mutation.clientSeq !== through + 1) throw gap(through + 1);
  const now = ctx.now();
  const result = await applyMutation(trx, mutation, caller, now, clientId);
  await trx
    .insertInto('sync_mutation')
    .values({
      client_id: clientId,
      client_seq: mutation.clientSeq,
      mutation_id: mutation.mutationId,
      user_id: caller.id,
      result: JSON.stringify(result),
      at: now,
    })
    .execute();
  return result;
}

async function storedResult(
  ctx: CentralContext,
  clientId: string,
  mutation: Mutation,
): Promise<MutationResult> {
  const stored = await ctx.db
    .selectFrom('sync_mutation')
    .select('result')
    .where('client_id', '=', clientId)
    .where('client_seq', '=', mutation.clientSeq)
    .executeTakeFirst();
  if (!stored)
    // Sequences below acceptedThrough are all stored; a hole means the client reused an old sequence.
    throw new HttpError(409, 'SYNC_SEQ_UNKNOWN', 'Numéro de modification inconnu du serveur.');
  return mutationResultSchema.parse(stored.result);
}

async function acceptedThrough(db: CentralContext['db'] | LogTransaction, clientId: string): Promise<number> {
  const result = await sql<{ through: number | null }>`
    SELECT max(client_seq)::int AS through FROM sync_mutation WHERE client_id = ${clientId}`.execute(db);
  return result.rows[0]?.through ?? 0;
}
