import { spawn } from 'node:child_process';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { buildApp, type CentralOptions, openContext } from '../../central/app.ts';
import { addUser } from '../../central/auth/users.ts';
import type { CentralDatabase } from '../../central/store/schema.ts';
import { centralCommand } from '../helpers/central-command.ts';
import { libraryRow } from '../helpers/library-row.ts';

/**
 * The sync bench's central service: its stores (a scratch PostgreSQL database or a PGlite folder, made
 * and dropped here), served from the bench's process or from a process of its own, and the 200,000-patron
 * log it is seeded with.
 */

const adminUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
const scratchPrefix = `mednum_bench_${process.pid}`;

type Store = Pick<CentralOptions, 'dataDir' | 'databaseUrl'>;

if (process.env.DATABASE_URL && !new URL(process.env.DATABASE_URL).pathname.startsWith('/mednum_bench_'))
  throw new Error(
    'DATABASE_URL names a database that is not a scratch one: the bench writes 200,000 rows into the store it measures. Unset it; the bench makes its own.',
  );

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The stores of one bench run, on `backend`, in `dir`; `password` is every bench account's. */
export function benchStores(backend: 'postgres' | 'pglite', dir: string, password: string) {
  const scratch: string[] = [];
  /** A fresh store for one service: a scratch PostgreSQL database, or a PGlite data folder. */
  async function freshStore(name: string): Promise<Store> {
    if (backend === 'pglite') return { dataDir: path.join(dir, name) };
    const database = `${scratchPrefix}_${name}`;
    await admin(`CREATE DATABASE ${database}`);
    scratch.push(database);
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    return { databaseUrl: url.toString() };
  }

  /** The store opened in this process for `work`, then closed (PGlite allows one handle on a data folder). */
  async function withStore<T>(
    store: Store,
    work: (ctx: Awaited<ReturnType<typeof openContext>>['ctx']) => Promise<T>,
  ): Promise<T> {
    const { ctx, database } = await openContext(store);
    try {
      return await work(ctx);
    } finally {
      await database.close();
    }
  }

  /**
   * A central service over HTTP whose context the bench keeps, so each floor reads the very store the service
   * serves (PGlite allows one handle on a data folder).
   */
  async function serve(store: Store) {
    const { ctx, database } = await openContext(store);
    const app = buildApp(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    return {
      ctx,
      url: `http://127.0.0.1:${port}`,
      addUser: (email: string) => addUser(ctx, { email, role: 'agent', password }),
      close: async () => {
        await app.close();
        await database.close();
      },
    };
  }

  /**
   * The central service as a département runs it: `central serve` in a process of its own, so that its
   * queries (PGlite's WebAssembly among them), its JSON and its gzip do not run on the thread where the PC
   * reads the snapshot, as they did when the bench served it from its own process.
   */
  async function serveApart(store: Store) {
    const args = ['serve', '--port', '0', '--key-file', path.join(dir, 'central-key.json')];
    if (store.dataDir) args.push('--data', store.dataDir);
    const child = spawn(...centralCommand(args), {
      env: { ...process.env, DATABASE_URL: store.databaseUrl ?? '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const listening = /à l’écoute sur (http:\/\/\S+)/.exec(stderr);
        if (listening) resolve(listening[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`central serve exited (${code}): ${stderr}`)));
    });
    return {
      url,
      close: async () => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      },
    };
  }

  return {
    freshStore,
    withStore,
    serve,
    serveApart,
    /** Drops the run's scratch PostgreSQL databases. */
    async dropScratch() {
      for (const database of scratch) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}

/** One library and its patrons, written straight into the service's log. */
export async function seed(db: Kysely<CentralDatabase>, patrons: number): Promise<void> {
  const stamp = '2026-01-05T09:00:00.000Z';
  await sql`INSERT INTO sync_row (table_name, row_id, version, deleted, data, field_versions, updated_by, updated_at)
    VALUES ('library', 'lib-bench', 1, false, ${JSON.stringify(
      libraryRow({
        id: 'lib-bench',
        code: 'BIB-BENCH',
        name: 'Médiathèque du banc d’essai',
        commune_insee: '46102',
        created_at: stamp,
        updated_at: stamp,
      }),
    )}::jsonb, '{}'::jsonb, 'banc', now())`.execute(db);
  await sql`INSERT INTO sync_row (table_name, row_id, version, deleted, data, field_versions, updated_by, updated_at)
    SELECT 'patron', 'p-' || g, g + 1, false, jsonb_build_object(
      'id', 'p-' || g, 'library_id', 'lib-bench', 'card_number', '46BZ' || lpad(g::text, 7, '0'),
      'last_name', 'Nom' || g, 'first_name', 'Prénom', 'birth_date', '1980-01-01', 'birth_year', 1980,
      'email', 'lecteur' || g || '@exemple.fr', 'postal_code', '46100', 'commune_insee', '46102',
      'commune_name', 'Figeac', 'registered_on', '2025-01-01', 'expires_on', '2027-01-01', 'category', 'Adulte',
      'registered', 1, 'name_key', 'nom' || g || '|prenom', 'duplicate_of', null, 'duplicate_status', null,
      'created_batch', null, 'created_at', ${stamp}::text, 'updated_at', ${stamp}::text),
      '{}'::jsonb, 'banc', now()
    FROM generate_series(1, ${patrons}) AS g`.execute(db);
  await sql`UPDATE sync_counter SET value = ${patrons + 1}`.execute(db);
  await sql`ANALYZE sync_row`.execute(db);
}
