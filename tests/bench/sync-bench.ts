/**
 * npm run bench:sync [-- --backend postgres|pglite] — the sync figures, printed, not asserted (the issue's
 * bars are printed beside). Every figure: the median, every run, and a floor or reference measured in the
 * same run, interleaved with the measured runs.
 * (a) a fresh PC's first sync from a service holding 200,000 patrons (snapshot then pull, until its
 *     database is searchable), the service in a process of its own as deployed, against a floor: the same
 *     rows read straight from the server's database and written with plain prepared inserts into an empty
 *     SQLite table, in one transaction; beside it, where the time goes: the snapshot alone (downloaded,
 *     gunzipped, each line parsed, nothing written);
 * (b) an edit saved on PC A seen in PC B's database, both PCs running as the app does (live channel on,
 *     nobody presses « Synchroniser »): from A's save until B's pull has committed it; reference: one HTTP
 *     round trip to /health;
 * (c) 20 PCs (own SQLite files) pushing at the same time over real HTTP against one service; a « change » is
 *     one row mutation pushed (here a contact created); floor: the same rows inserted into a copy of the
 *     server's sync_row table as one multi-row INSERT over one connection.
 * PostgreSQL: the bench creates scratch databases (mednum_bench_<pid>…) on 127.0.0.1:5432 and drops them at
 * the end; it refuses to start when DATABASE_URL names any other database. PGlite: temporary data folders.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { buildApp, type CentralOptions, openContext } from '../../central/app.ts';
import { addUser } from '../../central/auth/users.ts';
import type { CentralDatabase } from '../../central/store/schema.ts';
import { type AppContext, openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { syncEngineOf } from '../../electron/services/sync/shared-engine.ts';
import { httpTransport } from '../../electron/services/sync/transport.ts';
import { type Api, createApi } from '../../shared/api.ts';
import { centralCommand } from '../helpers/central-command.ts';
import workerBundles from '../setup/worker-bundles.ts';
import { memorySecrets } from '../sync/helpers/desktop.ts';
import { median } from './median.ts';
import { grandFigeac, initialFloor, pushFloor, sizing, snapshotDownload } from './sync-floors.ts';

const backendArg = process.argv.indexOf('--backend');
const backend = (backendArg > 0 ? process.argv[backendArg + 1] : 'pglite') as 'postgres' | 'pglite';
if (backend !== 'postgres' && backend !== 'pglite') throw new Error('--backend postgres | pglite');
const patrons = Number(process.env.BENCH_PATRONS ?? 200_000);
const initialRuns = Number(process.env.BENCH_INITIAL_RUNS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 50);
const clients = Number(process.env.BENCH_CLIENTS ?? 20);
const mutationsPerClient = Number(process.env.BENCH_MUTATIONS ?? 500);
const pushRuns = Number(process.env.BENCH_PUSH_RUNS ?? 3);
const password = 'banc-d-essai-2026-solide';
const adminUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
const scratchPrefix = `mednum_bench_${process.pid}`;

if (process.env.DATABASE_URL && !new URL(process.env.DATABASE_URL).pathname.startsWith('/mednum_bench_'))
  throw new Error(
    'DATABASE_URL names a database that is not a scratch one: the bench writes 200,000 rows into the store it measures. Unset it; the bench makes its own.',
  );

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-sync-bench-'));
const scratch: string[] = [];
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] as number;
const round1 = (value: number | undefined) => Number((value ?? Number.NaN).toFixed(1));

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh store for one service: a scratch PostgreSQL database, or a PGlite data folder. */
async function freshStore(name: string): Promise<Pick<CentralOptions, 'dataDir' | 'databaseUrl'>> {
  if (backend === 'pglite') return { dataDir: path.join(dir, name) };
  const database = `${scratchPrefix}_${name}`;
  await admin(`CREATE DATABASE ${database}`);
  scratch.push(database);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return { databaseUrl: url.toString() };
}

async function openPc(
  name: string,
  url: string,
  email: string,
  live = false,
): Promise<{ context: AppContext; api: Api }> {
  const context = await openAppContext({
    databasePath: path.join(dir, `${name}.sqlite`),
    version: 'bench',
    // everyMs: a long-lived door (the app's window), so the live channel runs as it does for staff.
    sync: {
      secrets: memorySecrets(),
      transport: (server) => httpTransport(server),
      everyMs: live ? 300_000 : undefined,
    },
  });
  const api = createApi(localInvoke(openGate(context)));
  await api.call('settings.update', { staffName: name });
  await api.call('sync.login', { serverUrl: url, email, password });
  return { context, api };
}

/**
 * A central service over HTTP whose context the bench keeps, so each floor reads the very store the service
 * serves (PGlite allows one handle on a data folder).
 */
async function serve(store: Pick<CentralOptions, 'dataDir' | 'databaseUrl'>) {
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

/** One library and its patrons, written straight into the service's log. */
async function seed(db: Kysely<CentralDatabase>): Promise<void> {
  const stamp = '2026-01-05T09:00:00.000Z';
  await sql`INSERT INTO sync_row (table_name, row_id, version, deleted, data, field_versions, updated_by, updated_at)
    VALUES ('library', 'lib-bench', 1, false, ${JSON.stringify({
      id: 'lib-bench',
      code: 'BIB-BENCH',
      name: 'Médiathèque du banc d’essai',
      kind: 'mediatheque',
      commune_insee: '46102',
      ils: 'koha',
      contact_name: '',
      contact_email: '',
      contact_phone: '',
      participating: 1,
      participating_since: null,
      created_at: stamp,
      updated_at: stamp,
    })}::jsonb, '{}'::jsonb, 'banc', now())`.execute(db);
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

async function health(url: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${url}/health`);
  await response.arrayBuffer();
  return performance.now() - start;
}

/** The store opened in this process for `work`, then closed (PGlite allows one handle on a data folder). */
async function withStore<T>(
  store: Pick<CentralOptions, 'dataDir' | 'databaseUrl'>,
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
 * The central service as a département runs it: `central serve` in a process of its own, so that its
 * queries (PGlite's WebAssembly among them), its JSON and its gzip do not run on the thread where the PC
 * reads the snapshot, as they did when the bench served it from its own process.
 */
async function serveApart(store: Pick<CentralOptions, 'dataDir' | 'databaseUrl'>) {
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

async function main() {
  // (a) A fresh PC's first sync, interleaved with the floor; the floor reads the store while no service
  // holds it, then the service starts in its own process for the PC's sync.
  const initialStore = await freshStore('initial');
  await withStore(initialStore, async (ctx) => {
    await seed(ctx.db);
    for (const email of ['a@lot.fr', 'b@lot.fr']) await addUser(ctx, { email, role: 'agent', password });
  });
  const initial: { ms: number; floorMs: number; downloadMs: number }[] = [];
  for (let run = 0; run < initialRuns; run++) {
    const floorMs = await withStore(initialStore, (ctx) =>
      initialFloor(ctx.db, path.join(dir, `floor-${run}.sqlite`)),
    );
    const central = await serveApart(initialStore);
    const downloadMs = await snapshotDownload(central.url, 'b@lot.fr', password, patrons);
    const pc = await openPc(`PC-fresh-${run}`, central.url, 'b@lot.fr');
    const start = performance.now();
    await pc.api.call('sync.now', {});
    const ms = performance.now() - start;
    const found = await pc.api.call('patron.search', { text: `46BZ${String(patrons).padStart(7, '0')}` });
    if (found.total !== 1) throw new Error(`PC ${run} does not find the last patron by card.`);
    const count = await pc.api.call('patron.count', {});
    if (count.count !== patrons) throw new Error(`PC ${run} holds ${count.count} patrons, not ${patrons}.`);
    await pc.context.close();
    await central.close();
    console.error(
      `initial sync run ${run}: ${Math.round(ms)} ms, floor ${Math.round(floorMs)} ms, snapshot alone ${Math.round(downloadMs)} ms`,
    );
    initial.push({ ms, floorMs, downloadMs });
  }

  const sizes =
    backend === 'postgres' ? await withStore(initialStore, (ctx) => sizing(ctx.db, patrons)) : undefined;
  const central = await serve(initialStore);

  // (b) An edit on A seen in B's database, both live as in the app.
  const a = await openPc('PC-A', central.url, 'a@lot.fr', true);
  const b = await openPc('PC-B', central.url, 'b@lot.fr', true);
  await a.api.call('sync.now', {});
  await b.api.call('sync.now', {});
  // B's database, watched through a connection of its own (WAL: readers never wait for the writer).
  const watcher = new BetterSqlite3(path.join(dir, 'PC-B.sqlite'), { readonly: true });
  const shown = watcher.prepare('SELECT next_action FROM epci_followup WHERE epci_siren = ?').pluck();
  const edits: { ms: number; healthMs: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const healthMs = await health(central.url);
    const nextAction = `Relance ${round}`;
    const start = performance.now();
    await a.api.call('epci.updateFollowUp', { siren: grandFigeac, nextAction, nextActionDue: null });
    while (shown.get(grandFigeac) !== nextAction) {
      if (performance.now() - start > 10_000)
        throw new Error(`PC B did not show « ${nextAction} » within 10 s.`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    edits.push({ ms: performance.now() - start, healthMs });
    // Staff save seconds apart: the next round starts once both PCs have caught up (A pulls its own version too).
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  watcher.close();
  await a.context.close();
  await b.context.close();
  await central.close();

  // (c) Many PCs at once, on a service of their own (they need not mirror the 200,000 patrons).
  const busy = await serve(await freshStore('busy'));
  const pcs: { context: AppContext; api: Api }[] = [];
  for (let i = 0; i < clients; i++) {
    await busy.addUser(`pc${i}@lot.fr`);
    const pc = await openPc(`PC-${i}`, busy.url, `pc${i}@lot.fr`);
    await pc.api.call('sync.now', {});
    pcs.push(pc);
  }
  const pushes: {
    changesPerSecond: number;
    errors: number;
    pushed: number;
    floorChangesPerSecond: number;
  }[] = [];
  for (let run = 0; run < pushRuns; run++) {
    for (const [i, pc] of pcs.entries())
      for (let m = 0; m < mutationsPerClient; m++)
        await pc.api.call('contact.add', {
          siren: grandFigeac,
          name: `Contact ${run}-${i}-${m}`,
          role: '',
          email: '',
          phone: '',
        });
    console.error(`push run ${run}: ${clients * mutationsPerClient} changes made on the PCs`);
    const floorMs = await pushFloor(busy.ctx.db, backend, run, clients * mutationsPerClient);
    // Each PC's push step, as its sync (or its live push) runs it: the outbox sent page by page over
    // HTTP, each answer filed in its SQLite file. Pulling the others' changes is the next step of a sync,
    // measured by (b).
    const start = performance.now();
    const outcomes = await Promise.allSettled(pcs.map((pc) => syncEngineOf(pc.context).push()));
    const ms = performance.now() - start;
    const errors = outcomes.filter((outcome) => outcome.status === 'rejected').length;
    for (const outcome of outcomes) if (outcome.status === 'rejected') console.error(outcome.reason);
    const pushed = outcomes.reduce(
      (sum, outcome) => sum + (outcome.status === 'fulfilled' ? outcome.value.pushed : 0),
      0,
    );
    console.error(`push run ${run}: ${Math.round(ms)} ms, floor ${Math.round(floorMs)} ms`);
    pushes.push({
      changesPerSecond: Math.round((pushed / ms) * 1000),
      errors,
      pushed,
      floorChangesPerSecond: Math.round(((clients * mutationsPerClient) / floorMs) * 1000),
    });
  }
  const mutationSizes =
    backend === 'postgres'
      ? (
          await sql<{ bytes: number; rows: number }>`
            SELECT pg_total_relation_size('sync_mutation')::bigint AS bytes, count(*)::bigint AS rows FROM sync_mutation`.execute(
            busy.ctx.db,
          )
        ).rows[0]
      : undefined;
  await pcs[0]?.api.call('sync.now', {});
  const contacts = (await pcs[0]?.api.call('epci.get', { siren: grandFigeac }))?.contacts.length ?? 0;
  for (const pc of pcs) await pc.context.close();
  await busy.close();

  const editMs = edits.map((e) => e.ms);
  const figures = {
    backend,
    machine: { cpus: os.cpus().length, loadavg1m: round1(os.loadavg()[0] ?? 0) },
    initialSync: {
      patrons,
      barMs: 5_000,
      aimMs: 3_500,
      medianMs: Math.round(median(initial.map((r) => r.ms))),
      medianFloorMs: Math.round(median(initial.map((r) => r.floorMs))),
      medianRatio: round1(median(initial.map((r) => r.ms / r.floorMs))),
      medianSnapshotAloneMs: Math.round(median(initial.map((r) => r.downloadMs))),
      runs: initial.map((r) => ({
        ms: Math.round(r.ms),
        floorMs: Math.round(r.floorMs),
        snapshotAloneMs: Math.round(r.downloadMs),
      })),
    },
    editSeenOnOtherPc: {
      rounds,
      barMedianMs: 50,
      medianMs: round1(median(editMs)),
      p95Ms: round1(percentile(editMs, 0.95)),
      healthRoundTripMedianMs: round1(median(edits.map((e) => e.healthMs))),
      runsMs: editMs.map(round1),
    },
    concurrentPush: {
      clients,
      changesPerClient: mutationsPerClient,
      change: 'one row mutation pushed (a contact created on a PC)',
      barChangesPerSecond: 2_000,
      aimChangesPerSecond: 3_000,
      medianChangesPerSecond: median(pushes.map((r) => r.changesPerSecond)),
      medianFloorChangesPerSecond: median(pushes.map((r) => r.floorChangesPerSecond)),
      errors: pushes.reduce((sum, r) => sum + r.errors, 0),
      contactsOnServer: contacts,
      expectedContacts: clients * mutationsPerClient * pushRuns,
      runs: pushes,
    },
  };
  console.log(JSON.stringify(figures, null, 2));
  if (sizes)
    console.log(
      JSON.stringify(
        {
          sizing: {
            ...sizes,
            syncMutation: mutationSizes && {
              bytes: Number(mutationSizes.bytes),
              rows: Number(mutationSizes.rows),
              bytesPerRow: Math.round(Number(mutationSizes.bytes) / Math.max(1, Number(mutationSizes.rows))),
            },
          },
        },
        null,
        2,
      ),
    );
}

try {
  // The first sync's writing thread starts from its bundle, as in the shipped app: behind tsx it would
  // compile its sources (a second or two of CPU) on the same two cores as the sync it is part of.
  await workerBundles();
  await main();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const database of scratch) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
}
