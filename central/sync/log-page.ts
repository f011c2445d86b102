import { sql } from 'kysely';
import { type LogTransaction, lockLog } from './log.ts';
import { type StoredRow, toStoredRow } from './rows.ts';

/**
 * Rows per multi-row statement: 9 parameters each at most, 18,000 in all, under PGlite's 32,767
 * (store/pglite-guard.ts; PostgreSQL allows 65,535).
 */
const statementRows = 2_000;

const key = (table: string, rowId: string) => `${table}\u0000${rowId}`;

/**
 * The log as one transaction writes it: the counter locked ONCE (log.ts: versions still become visible in
 * order, at commit), versions numbered in memory from the locked value, rows and aliases read once for the
 * whole page and kept, and every write (rows, aliases, stored results, the counter) buffered and sent as a
 * few multi-row statements. A push of 200 mutations is then a handful of round trips inside the lock
 * instead of about ten per mutation: the lock is what every PC queues on, so its length sets the
 * service's throughput. Reads see the page's own writes (the cache); a query that reads sync_row or
 * sync_alias by other means (the rules, the references) takes `flushed()` first, so it sees them too.
 */
export class LogPage {
  private readonly rows = new Map<string, StoredRow | null>();
  private readonly aliases = new Map<string, string | null>();
  private readonly pendingRows = new Map<string, StoredRow>();
  private pendingAliases: { table_name: string; row_id: string; target_id: string }[] = [];
  private pendingResults: {
    user_id: string;
    client_id: string;
    client_seq: number;
    mutation_id: string;
    result: string;
    at: Date;
  }[] = [];
  private counterWritten: number;

  private constructor(
    readonly trx: LogTransaction,
    private counter: number,
  ) {
    this.counterWritten = counter;
  }

  /** Locks the counter (until the transaction ends) and starts numbering after its value. */
  static async open(trx: LogTransaction): Promise<LogPage> {
    return new LogPage(trx, await lockLog(trx));
  }

  /** The next version (consecutive; written to the counter with the rest). */
  takeVersion(): number {
    this.counter += 1;
    return this.counter;
  }

  /** Reads the aliases and rows these mutations name in two queries, so applying them reads nothing more. */
  async prefetch(targets: readonly { table: string; rowId: string }[]): Promise<void> {
    const wanted = targets.filter((t) => !this.aliases.has(key(t.table, t.rowId)));
    if (!wanted.length) return;
    const tables = wanted.map((t) => t.table);
    const ids = wanted.map((t) => t.rowId);
    const aliases = await sql<{ table_name: string; row_id: string; target_id: string }>`
      SELECT a.table_name, a.row_id, a.target_id FROM sync_alias a
      JOIN unnest(${tables}::text[], ${ids}::text[]) AS w(table_name, row_id)
        ON a.table_name = w.table_name AND a.row_id = w.row_id`.execute(this.trx);
    for (const t of wanted) this.aliases.set(key(t.table, t.rowId), null);
    for (const a of aliases.rows) this.aliases.set(key(a.table_name, a.row_id), a.target_id);
    const rowKeys = new Map<string, { table: string; rowId: string }>();
    for (const t of wanted) {
      const id = this.aliases.get(key(t.table, t.rowId)) ?? t.rowId;
      if (!this.rows.has(key(t.table, id))) rowKeys.set(key(t.table, id), { table: t.table, rowId: id });
    }
    if (!rowKeys.size) return;
    const found = await sql<Parameters<typeof toStoredRow>[0]>`
      SELECT r.* FROM sync_row r
      JOIN unnest(${[...rowKeys.values()].map((t) => t.table)}::text[], ${[...rowKeys.values()].map((t) => t.rowId)}::text[])
        AS w(table_name, row_id) ON r.table_name = w.table_name AND r.row_id = w.row_id`.execute(this.trx);
    for (const k of rowKeys.keys()) this.rows.set(k, null);
    for (const row of found.rows) this.rows.set(key(row.table_name, row.row_id), toStoredRow(row));
  }

  async readRow(table: string, rowId: string): Promise<StoredRow | null> {
    const k = key(table, rowId);
    if (!this.rows.has(k)) {
      const row = await this.trx
        .selectFrom('sync_row')
        .selectAll()
        .where('table_name', '=', table)
        .where('row_id', '=', rowId)
        .executeTakeFirst();
      this.rows.set(k, row ? toStoredRow(row) : null);
    }
    return this.rows.get(k) ?? null;
  }

  /** Inserts or replaces a row at its version (the row store keeps only each row's latest state). */
  writeRow(row: StoredRow): void {
    this.rows.set(key(row.table, row.rowId), row);
    this.pendingRows.set(key(row.table, row.rowId), row);
  }

  /** The row a merged id now stands for (see migration 0006), or null. */
  async aliasOf(table: string, rowId: string): Promise<string | null> {
    const k = key(table, rowId);
    if (!this.aliases.has(k)) {
      const alias = await this.trx
        .selectFrom('sync_alias')
        .select('target_id')
        .where('table_name', '=', table)
        .where('row_id', '=', rowId)
        .executeTakeFirst();
      this.aliases.set(k, alias?.target_id ?? null);
    }
    return this.aliases.get(k) ?? null;
  }

  recordAlias(table: string, rowId: string, targetId: string): void {
    const k = key(table, rowId);
    if (this.aliases.get(k)) return;
    this.aliases.set(k, targetId);
    this.pendingAliases.push({ table_name: table, row_id: rowId, target_id: targetId });
  }

  /** A mutation's stored result (sync_mutation), written with the page. */
  recordResult(result: LogPage['pendingResults'][number]): void {
    this.pendingResults.push(result);
  }

  /** The transaction, with every buffered write sent: for queries that read the log by other means. */
  async flushed(): Promise<LogTransaction> {
    await this.flush();
    return this.trx;
  }

  /** Sends the buffered writes; the page's transaction commits them all, or none. */
  async flush(): Promise<void> {
    const rows = [...this.pendingRows.values()];
    this.pendingRows.clear();
    for (let i = 0; i < rows.length; i += statementRows) {
      const values = rows.slice(i, i + statementRows).map((row) => ({
        table_name: row.table,
        row_id: row.rowId,
        version: row.version,
        deleted: row.deleted,
        data: JSON.stringify(row.data),
        field_versions: JSON.stringify(row.fieldVersions),
        field_authors: JSON.stringify(row.fieldAuthors),
        updated_by: row.updatedBy,
        updated_at: row.updatedAt,
      }));
      await this.trx
        .insertInto('sync_row')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['table_name', 'row_id']).doUpdateSet((eb) => ({
            version: eb.ref('excluded.version'),
            deleted: eb.ref('excluded.deleted'),
            data: eb.ref('excluded.data'),
            field_versions: eb.ref('excluded.field_versions'),
            field_authors: eb.ref('excluded.field_authors'),
            updated_by: eb.ref('excluded.updated_by'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
    for (let i = 0; i < this.pendingAliases.length; i += statementRows)
      await this.trx
        .insertInto('sync_alias')
        .values(this.pendingAliases.slice(i, i + statementRows))
        .onConflict((oc) => oc.columns(['table_name', 'row_id']).doNothing())
        .execute();
    this.pendingAliases = [];
    for (let i = 0; i < this.pendingResults.length; i += statementRows)
      await this.trx
        .insertInto('sync_mutation')
        .values(this.pendingResults.slice(i, i + statementRows))
        .execute();
    this.pendingResults = [];
    if (this.counter !== this.counterWritten) {
      await sql`UPDATE sync_counter SET value = ${this.counter} WHERE id = 1`.execute(this.trx);
      this.counterWritten = this.counter;
    }
  }
}
