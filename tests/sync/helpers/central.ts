import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { type CentralServer, startCentral } from '../../../central/app.ts';

/**
 * The real central service, in-process: PGlite in memory by default; a fresh database on the real
 * PostgreSQL server named by DATABASE_URL when it is set (CI), dropped when the file's tests end.
 */
export async function startTestCentral(): Promise<CentralServer> {
  const url = process.env.DATABASE_URL;
  let databaseUrl: string | undefined;
  if (url) {
    const name = `mednum_sync_${randomUUID().replace(/-/g, '')}`;
    await admin(url, `CREATE DATABASE ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    databaseUrl = target.toString();
    afterAll(() => admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
  const server = await startCentral({ databaseUrl });
  afterAll(() => server.close());
  return server;
}

async function admin(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export const password = 'mot-de-passe-solide-2026';
