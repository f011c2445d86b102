import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { guardPglite, type StoreError, stopTheService } from './pglite-guard.ts';
import type { CentralDatabase } from './schema.ts';

export type Backend = 'postgres' | 'pglite';

export interface OpenedDatabase {
  db: Kysely<CentralDatabase>;
  backend: Backend;
  /**
   * Whether the database answers, for /health. PostgreSQL: a query on the pool. PGlite runs in this process
   * on one connection that a long transaction (a snapshot being produced) holds for a while: it is asked
   * whether it is open, not made to queue behind that transaction.
   */
  probe(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Every patron of the département is in the data folder: readable by the service's account only. PGlite
 * writes through Node's fs with no mode of its own, so this process's umask decides for every file it
 * will create (WAL segments included): 077. What an earlier version left more open is closed now.
 */
function restrictToOwner(dataDir: string): void {
  process.umask(0o077);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const close = (target: string) => {
    const stat = fs.lstatSync(target);
    if (stat.isSymbolicLink()) return;
    fs.chmodSync(target, stat.isDirectory() ? 0o700 : 0o600);
    if (stat.isDirectory()) for (const name of fs.readdirSync(target)) close(path.join(target, name));
  };
  close(dataDir);
}

/** bigint columns (versions, counters) stay far below 2^53: read them as numbers on both backends. */
const INT8_OID = 20;

/**
 * PostgreSQL through a pg Pool when a URL is given; otherwise PGlite, PostgreSQL compiled to WebAssembly,
 * in-process and persisted in `dataDir` (or in memory when none). PGlite has a single connection: the
 * dialect hands it to one transaction at a time, which serialises writers as PostgreSQL's row locks would.
 * Every PGlite statement goes through the guard (statement size, blind instance); `onCorrupt` replaces
 * stopping the process (tests).
 */
export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir?: string;
  /** In memory only: the database this dump holds (`dumpDataDir`) rather than a new one (tests). */
  memoryDump?: Blob;
  onCorrupt?: (error: StoreError) => void;
}): Promise<OpenedDatabase> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection the server ends (a PostgreSQL restart, an administrator, a dropped database) is
    // reported here; the pool discards it and opens another on demand, while a query in flight still
    // fails on its own. Without a listener, Node would treat it as an uncaught error and stop the service.
    pool.on('error', () => {});
    const db = new Kysely<CentralDatabase>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      backend: 'postgres',
      probe: async () => {
        await pool.query('SELECT 1');
      },
      close: () => db.destroy(),
    };
  }
  if (options.dataDir) restrictToOwner(options.dataDir);
  const pglite = new PGlite(options.dataDir ?? 'memory://', {
    parsers: { [types.INT8]: (v: string) => Number(v) },
    loadDataDir: options.dataDir ? undefined : options.memoryDump,
  });
  await pglite.waitReady;
  const guarded = guardPglite(pglite, options.onCorrupt ?? stopTheService);
  const db = new Kysely<CentralDatabase>({ dialect: new PGliteDialect(guarded.client) });
  return {
    db,
    backend: 'pglite',
    probe: async () => {
      const failure = guarded.failure();
      if (failure) throw failure;
      if (pglite.closed) throw new Error('PGlite is closed');
    },
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
