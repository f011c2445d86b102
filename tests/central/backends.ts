import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type CentralOptions, type CentralServer, startCentral } from '../../central/app.ts';
import { placeMigratedPgliteDir } from '../helpers/pglite-template.ts';

/**
 * The central suite runs once per available backend: PGlite always; real PostgreSQL when DATABASE_URL is
 * set, or else when one answers at the CI address (so a plain `npm test` exercises it too). Set
 * MEDNUM_CENTRAL_PG=0 to skip PostgreSQL. Each started server gets a fresh database (PostgreSQL) or data
 * folder (PGlite), dropped by `dispose`.
 */
export const ciPostgresUrl = 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** A fresh empty store and the options that open it. */
  fresh(): Promise<{ options: Pick<CentralOptions, 'dataDir' | 'databaseUrl'>; dispose(): Promise<void> }>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const pglite: Backend = {
  name: 'pglite',
  async fresh() {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mednum-central-'));
    return {
      options: { dataDir },
      dispose: async () => {
        rmSync(dataDir, { recursive: true, force: true });
        rmSync(`${dataDir}.keys.json`, { force: true });
        rmSync(`${dataDir}.keys.oidc.json`, { force: true });
      },
    };
  },
};

/** Databases are named `mednum_central_<unix seconds>_<random>`, so a run can sweep what killed runs left. */
const prefix = 'mednum_central_';
const staleAfterSeconds = 3600;

async function sweepStale(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      // A database someone is connected to belongs to a run in progress, whatever its age.
      `SELECT datname FROM pg_database d WHERE datname LIKE '${prefix}%'
         AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
    );
    const now = Date.now() / 1000;
    for (const { datname } of rows) {
      const born = Number(datname.slice(prefix.length).split('_')[0]);
      if (Number.isFinite(born) && born > 1e9 && now - born < staleAfterSeconds) continue;
      await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

function postgres(adminUrl: string): Backend {
  let swept: Promise<void> | undefined;
  return {
    name: 'postgres',
    async fresh() {
      swept ??= sweepStale(adminUrl).catch(() => {});
      await swept;
      const name = `${prefix}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
      await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return {
        options: { databaseUrl: url.toString() },
        dispose: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      };
    },
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export const postgresUrl =
  process.env.MEDNUM_CENTRAL_PG === '0'
    ? undefined
    : process.env.DATABASE_URL || ((await reachable(ciPostgresUrl)) ? ciPostgresUrl : undefined);

export const backends: Backend[] = postgresUrl ? [pglite, postgres(postgresUrl)] : [pglite];

/** A started server on a fresh store, with the accounts the tests use. */
export async function startTestCentral(
  backend: Backend,
  extra: Omit<CentralOptions, 'dataDir' | 'databaseUrl'> = {},
): Promise<CentralServer & { options: CentralOptions; dispose(): Promise<void> }> {
  const store = await backend.fresh();
  if (store.options.dataDir) await placeMigratedPgliteDir(store.options.dataDir);
  const options = { ...store.options, ...extra };
  const server = await startCentral(options);
  await server.addUser('admin@lot.fr', 'admin', 'admin-password');
  await server.addUser('agent@lot.fr', 'agent', 'agent-password');
  await server.addUser('agent2@lot.fr', 'agent', 'agent2-password');
  await server.addUser('reader@lot.fr', 'reader', 'reader-password');
  return Object.assign(server, {
    options,
    async dispose() {
      await server.close().catch(() => {});
      await store.dispose();
    },
  });
}
