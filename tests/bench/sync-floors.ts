import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as WebStream } from 'node:stream/web';
import { constants, createGunzip, gzipSync } from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { pgliteMaxParameters } from '../../central/store/pglite-guard.ts';
import type { CentralDatabase } from '../../central/store/schema.ts';
import { client } from '../central/client.ts';

/**
 * bench:sync's floors and sizes, measured in the same run as what they bound (sync-bench.ts): the rows of a
 * first sync inserted plainly into SQLite, the snapshot alone (downloaded and parsed, nothing written), the
 * pushed rows as multi-row INSERTs, and the bytes per row on PostgreSQL for PROTOCOL.md's plan.
 */

/** The EPCI whose follow-up and contacts the bench's PCs edit. */
export const grandFigeac = '200067361';
/**
 * For the paper plan (PROTOCOL.md, « 101 départements »): the real bytes per row on PostgreSQL of the log
 * and its indexes (the 200,000 seeded patrons), of the sign-in activity (a generated sample) and of the
 * stored push results (what (c) pushed), and the snapshot's bytes per row, raw and gzipped.
 */
export async function sizing(db: Kysely<CentralDatabase>, activityRows: number) {
  await sql`INSERT INTO access_activity (patron_id, client_id, month)
    SELECT 'p-' || (g / 3 + 1), 'plateforme-' || (g % 2), '2026-' || lpad((g % 12 + 1)::text, 2, '0')
    FROM generate_series(0, ${activityRows - 1}) AS g ON CONFLICT DO NOTHING`.execute(db);
  await sql`VACUUM ANALYZE sync_row`.execute(db);
  await sql`VACUUM ANALYZE access_activity`.execute(db);
  const relations = await sql<{ name: string; kind: string; bytes: number; rows: number }>`
    SELECT c.relname AS name, c.relkind::text AS kind, pg_relation_size(c.oid)::bigint AS bytes,
      (SELECT reltuples FROM pg_class t WHERE t.oid = coalesce(i.indrelid, c.oid))::bigint AS rows
    FROM pg_class c LEFT JOIN pg_index i ON i.indexrelid = c.oid
    WHERE c.relname IN ('sync_row', 'access_activity')
       OR i.indrelid IN ('sync_row'::regclass, 'access_activity'::regclass)`.execute(db);
  const totals = await sql<{ name: string; bytes: number }>`
    SELECT relname AS name, pg_total_relation_size(oid)::bigint AS bytes FROM pg_class
    WHERE relname IN ('sync_row', 'access_activity')`.execute(db);
  const sample = await sql<{
    line: string;
  }>`SELECT data::text AS line FROM sync_row WHERE table_name = 'patron' LIMIT 20000`.execute(db);
  const raw = sample.rows.map((row) => row.line).join('\n');
  const gzipped = gzipSync(raw, { level: constants.Z_BEST_SPEED }).length;
  return {
    relations: relations.rows.map((r) => ({
      name: r.name,
      kind: r.kind === 'i' ? 'index' : 'table (heap)',
      bytes: Number(r.bytes),
      rows: Number(r.rows),
      bytesPerRow: Math.round(Number(r.bytes) / Math.max(1, Number(r.rows))),
    })),
    totalBytes: Object.fromEntries(totals.rows.map((r) => [r.name, Number(r.bytes)])),
    snapshotBytesPerPatron: {
      raw: Math.round(Buffer.byteLength(raw) / sample.rows.length),
      gzip: Math.round(gzipped / sample.rows.length),
    },
  };
}

/** The initial sync's floor: the same rows read from the server's database, inserted plainly into SQLite. */
export async function initialFloor(db: Kysely<CentralDatabase>, file: string): Promise<number> {
  const start = performance.now();
  const rows = await sql<{
    data: string;
  }>`SELECT data::text AS data FROM sync_row WHERE table_name = 'patron'`.execute(db);
  const sqlite = new BetterSqlite3(file);
  const columns = Object.keys(JSON.parse(rows.rows[0]?.data ?? '{}'));
  sqlite.exec(`CREATE TABLE patron (${columns.join(', ')})`);
  const insert = sqlite.prepare(`INSERT INTO patron VALUES (${columns.map(() => '?').join(', ')})`);
  sqlite.transaction(() => {
    for (const row of rows.rows)
      insert.run(...Object.values(JSON.parse(row.data) as Record<string, unknown>));
  })();
  sqlite.close();
  return performance.now() - start;
}

/**
 * The snapshot alone, as a fresh PC receives it (format 2): downloaded over HTTP, gunzipped, each line
 * parsed, nothing written. What the first sync takes beyond it is the desktop writing the rows and their
 * search entries.
 */
export async function snapshotDownload(
  url: string,
  email: string,
  password: string,
  patrons: number,
): Promise<number> {
  const api = client(url);
  const { accessToken } = await api.login(email, password);
  const start = performance.now();
  const response = await fetch(`${url}/sync/snapshot?format=2`, {
    headers: { ...api.versions, authorization: `Bearer ${accessToken}` },
  });
  if (!response.ok || !response.body) throw new Error(`snapshot ${response.status}`);
  const text = Readable.fromWeb(response.body as WebStream).pipe(createGunzip());
  let lines = 0;
  for await (const line of createInterface({ input: text, crlfDelay: Number.POSITIVE_INFINITY })) {
    JSON.parse(line);
    lines++;
  }
  if (lines < patrons + 1) throw new Error(`snapshot of ${lines} lines, fewer than the patrons`);
  return performance.now() - start;
}

/** The push floor: `count` contact rows like the PCs push, one multi-row INSERT into a copy of sync_row. */
export async function pushFloor(
  db: Kysely<CentralDatabase>,
  backend: 'postgres' | 'pglite',
  run: number,
  count: number,
): Promise<number> {
  const table = `sync_row_floor_${run}`;
  await sql`CREATE TABLE ${sql.raw(table)} (LIKE sync_row INCLUDING ALL)`.execute(db);
  const stamp = new Date().toISOString();
  const values = Array.from({ length: count }, (_, i) => {
    const data = {
      id: `floor-${run}-${i}`,
      epci_siren: grandFigeac,
      name: `Contact ${i}`,
      role: '',
      email: '',
      phone: '',
      created_at: stamp,
      updated_at: stamp,
    };
    const fields = Object.fromEntries(Object.keys(data).map((key) => [key, 1_000_000 + i]));
    return sql`('contact', ${data.id}, ${1_000_000 + i}, false, ${JSON.stringify(data)}::jsonb, ${JSON.stringify(fields)}::jsonb, 'banc', now())`;
  });
  const start = performance.now();
  // Few statements, one connection, 4 parameters a row: PostgreSQL takes 65,535 parameters, PGlite 0.4
  // 32,767 (central/store/pglite-guard.ts refuses more: beyond, PGlite goes blind).
  const rows = Math.floor((backend === 'pglite' ? pgliteMaxParameters : 40_000) / 4);
  for (let i = 0; i < values.length; i += rows)
    await sql`INSERT INTO ${sql.raw(table)} (table_name, row_id, version, deleted, data, field_versions, updated_by, updated_at)
      VALUES ${sql.join(values.slice(i, i + rows))}`.execute(db);
  const ms = performance.now() - start;
  await sql`DROP TABLE ${sql.raw(table)}`.execute(db);
  return ms;
}
