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
import { type LogTransaction, lockLog } from './log.ts';
import { rejected } from './results.ts';

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
  const client = { userId: caller.id, clientId: request.clientId };
  let accepted = await acceptedThrough(ctx.db, client);
  const firstNew = request.mutations.find((m) => m.clientSeq > accepted);
  if (firstNew && firstNew.clientSeq !== accepted + 1) throw gap(accepted + 1);

  const results: MutationResult[] = [];
  for (const mutation of request.mutations) {
    const result =
      mutation.clientSeq <= accepted
        ? await storedResult(ctx.db, client, mutation)
        : await applyInTransaction(ctx, client, mutation, caller);
    results.push(result);
    accepted = Math.max(accepted, mutation.clientSeq);
  }
  return { results, acceptedThrough: accepted };
}

/**
 * One mutation in its own transaction. A value the database itself refuses (see data-errors.ts) rolls that
 * transaction back and the mutation is recorded as rejected, with its reason, in a second one: the
 * client's sequence moves on and its later mutations are applied.
 */
async function applyInTransaction(
  ctx: CentralContext,
  client: Client,
  mutation: Mutation,
  caller: Caller,
): Promise<MutationResult> {
  try {
    return await ctx.db
      .transaction()
      .execute((trx) =>
        applyOnce(trx, ctx, client, mutation, (now) =>
          applyMutation(trx, mutation, caller, now, client.clientId),
        ),
      );
  } catch (error) {
    if (!isDataError(error)) throw error;
    return ctx.db
      .transaction()
      .execute((trx) =>
        applyOnce(trx, ctx, client, mutation, async () =>
          rejected(mutation, 'DATA_REFUSED', dataErrorReason),
        ),
      );
  }
}

/**
 * Under the log lock, which serialises writers: a concurrent duplicate of this push (a retry racing the
 * original) sees the first one's stored result instead of applying the mutation twice.
 */
async function applyOnce(
  trx: LogTransaction,
  ctx: CentralContext,
  client: Client,
  mutation: Mutation,
  apply: (now: Date) => Promise<MutationResult>,
): Promise<MutationResult> {
  await lockLog(trx);
  const stored = await findStored(trx, client, mutation);
  if (stored) return stored;
  const through = await acceptedThrough(trx, client);
  if (mutation.clientSeq !== through + 1) throw gap(through + 1);
  const now = ctx.now();
  const result = await apply(now);
  await trx
    .insertInto('sync_mutation')
    .values({
      client_id: client.clientId,
      client_seq: mutation.clientSeq,
      mutation_id: mutation.mutationId,
      user_id: client.userId,
      result: JSON.stringify(result),
      at: now,
    })
    .execute();
  return result;
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
 * The stored result of this (account, client, sequence), when the same mutation was applied before — a
 * retry. Another mutation under that number means the numbers were reused (a restored copy of the PC):
 * never answered with the other mutation's result.
 */
async function findStored(
  db: CentralContext['db'] | LogTransaction,
  client: Client,
  mutation: Mutation,
): Promise<MutationResult | null> {
  const stored = await db
    .selectFrom('sync_mutation')
    .select(['result', 'mutation_id'])
    .where('user_id', '=', client.userId)
    .where('client_id', '=', client.clientId)
    .where('client_seq', '=', mutation.clientSeq)
    .executeTakeFirst();
  if (!stored) return null;
  if (stored.mutation_id !== mutation.mutationId) throw seqReused;
  return mutationResultSchema.parse(stored.result);
}

async function storedResult(
  db: CentralContext['db'],
  client: Client,
  mutation: Mutation,
): Promise<MutationResult> {
  const stored = await findStored(db, client, mutation);
  if (!stored)
    // Sequences below acceptedThrough are all stored; a hole means the client reused an old sequence.
    throw new HttpError(409, 'SYNC_SEQ_UNKNOWN', 'Numéro de modification inconnu du serveur.');
  return stored;
}

async function acceptedThrough(db: CentralContext['db'] | LogTransaction, client: Client): Promise<number> {
  const result = await sql<{ through: number | null }>`
    SELECT max(client_seq)::int AS through FROM sync_mutation
    WHERE user_id = ${client.userId} AND client_id = ${client.clientId}`.execute(db);
  return result.rows[0]?.through ?? 0;
}
