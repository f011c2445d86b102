import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { CentralDatabase } from './schema.ts';

export type Backend = 'postgres' | 'pglite';

export interface OpenedDatabase {
  db: Kysely<CentralDatabase>;
  backend: Backend;
  close(): Promise<void>;
}

/** bigint columns (versions, counters) stay far below 2^53: read them as numbers on both backends. */
const INT8_OID = 20;

/**
 * PostgreSQL through a pg Pool when a URL is given; otherwise PGlite, PostgreSQL compiled to WebAssembly,
 * in-process and persisted in `dataDir` (or in memory when none). PGlite has a single connection: the
 * dialect hands it to one transaction at a time, which serialises writers as PostgreSQL's row locks would.
 */
export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir?: string;
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
    return { db, backend: 'postgres', close: () => db.destroy() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = new PGlite(options.dataDir ?? 'memory://', {
    parsers: { [types.INT8]: (v: string) => Number(v) },
  });
  await pglite.waitReady;
  const db = new Kysely<CentralDatabase>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    backend: 'pglite',
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
