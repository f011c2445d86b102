import { type Kysely, sql, type Transaction } from 'kysely';
import type { CentralDatabase } from '../store/schema.ts';

export type LogTransaction = Transaction<CentralDatabase>;

/**
 * THE ordering guarantee. Every writing transaction first locks the single counter row and keeps the lock
 * until it commits; versions are taken from that row. So a transaction that takes N+1 cannot even take it
 * before the one holding N has committed: versions become visible in order, and a reader whose cursor is
 * at N never later discovers a row ≤ N. (A SEQUENCE would not do: nextval is not transactional.)
 */
export async function lockLog(trx: LogTransaction): Promise<number> {
  const result = await sql<{ value: number }>`SELECT value FROM sync_counter WHERE id = 1 FOR UPDATE`.execute(
    trx,
  );
  return Number(result.rows[0]?.value ?? 0);
}

/** Takes `count` consecutive versions (the lock is already held, or taken here); returns the first. */
export async function takeVersions(trx: LogTransaction, count = 1): Promise<number> {
  const result = await sql<{ value: number }>`
    UPDATE sync_counter SET value = value + ${count} WHERE id = 1 RETURNING value`.execute(trx);
  return Number(result.rows[0]?.value) - count + 1;
}

/** The highest committed version (what a snapshot taken now is consistent at). */
export async function currentLogVersion(db: Kysely<CentralDatabase> | LogTransaction): Promise<number> {
  const result = await sql<{ value: number }>`SELECT value FROM sync_counter WHERE id = 1`.execute(db);
  return Number(result.rows[0]?.value ?? 0);
}
