import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Entries up to `throughSeq` are about to reach the server: from now on their content is frozen. */
export async function markSent(db: Kysely<Database>, throughSeq: number): Promise<void> {
  await db
    .updateTable('sync_outbox')
    .set({ sent: 1 })
    .where('client_seq', '<=', throughSeq)
    .where('sent', '=', 0)
    .execute();
}

export interface RejectedEntry {
  mutationId: string;
  clientSeq: number;
  table: string;
  rowId: string;
  op: string;
  patch: string;
  at: string;
}

/** Drops an outbox entry, and keeps a refused one with the server's code and reason (sync_rejection). */
export function rejectionStatements(sqlite: BetterSqlite3.Database) {
  const drop = sqlite.prepare('DELETE FROM sync_outbox WHERE client_seq = ? AND mutation_id = ?');
  const keep = sqlite.prepare(
    `INSERT OR REPLACE INTO sync_rejection (mutation_id, client_seq, table_name, row_id, op, patch, at, code, reason, rejected_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    drop: (clientSeq: number, mutationId: string) => drop.run(clientSeq, mutationId),
    keep: (entry: RejectedEntry, code: string, reason: string, rejectedAt: string) =>
      keep.run(
        entry.mutationId,
        entry.clientSeq,
        entry.table,
        entry.rowId,
        entry.op,
        entry.patch,
        entry.at,
        code,
        reason,
        rejectedAt,
      ),
  };
}

/** The version this PC last pulled of a row, if any. */
export function knownVersions(sqlite: BetterSqlite3.Database) {
  const statement = sqlite
    .prepare('SELECT version FROM sync_version WHERE table_name = ? AND row_id = ?')
    .pluck();
  return (table: string, rowId: string) => statement.get(table, rowId) as number | undefined;
}

/** The row a conflict is about. */
export function conflictTargets(sqlite: BetterSqlite3.Database) {
  const statement = sqlite.prepare(
    'SELECT table_name AS "table", row_id AS rowId FROM sync_conflict WHERE id = ?',
  );
  return (id: string) => statement.get(id) as { table: string; rowId: string } | undefined;
}

/** Numbers every waiting entry from `expected` on, one after another, keeping their order. */
export function renumberWaiting(sqlite: BetterSqlite3.Database, expected: number): void {
  const seqs = sqlite
    .prepare('SELECT client_seq FROM sync_outbox ORDER BY client_seq')
    .pluck()
    .all() as number[];
  if (seqs.every((seq, i) => seq === expected + i)) return;
  // Through negative numbers: the new numbers may be ones still held by other entries.
  const move = sqlite.prepare('UPDATE sync_outbox SET client_seq = ? WHERE client_seq = ?');
  for (const [i, seq] of seqs.entries()) move.run(-(expected + i), seq);
  sqlite.prepare('UPDATE sync_outbox SET client_seq = -client_seq').run();
  sqlite
    .prepare(
      "UPDATE sqlite_sequence SET seq = (SELECT max(client_seq) FROM sync_outbox) WHERE name = 'sync_outbox'",
    )
    .run();
}
