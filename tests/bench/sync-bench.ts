import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { addUser } from '../../central/auth/users.ts';
import { type AppContext, openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { syncEngineOf } from '../../electron/services/sync/shared-engine.ts';
import { httpTransport } from '../../electron/services/sync/transport.ts';
import { type Api, createApi } from '../../shared/api.ts';
import workerBundles from '../setup/worker-bundles.ts';
import { memorySecrets } from '../sync/helpers/desktop.ts';
import { median } from './median.ts';
import { benchStores, seed } from './sync-central.ts';
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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-sync-bench-'));
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] as number;
const round1 = (value: number | undefined) => Number((value ?? Number.NaN).toFixed(1));

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

async function health(url: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${url}/health`);
  await response.arrayBuffer();
  return performance.now() - start;
}

const stores = benchStores(backend, dir, password);

async function main() {
  // (a) A fresh PC's first sync, interleaved with the floor; the floor reads the store while no service
  // holds it, then the service starts in its own process for the PC's sync.
  const initialStore = await stores.freshStore('initial');
  await stores.withStore(initialStore, async (ctx) => {
    await seed(ctx.db, patrons);
    for (const email of ['a@lot.fr', 'b@lot.fr']) await addUser(ctx, { email, role: 'agent', password });
  });
  const initial: { ms: number; floorMs: number; downloadMs: number }[] = [];
  for (let run = 0; run < initialRuns; run++) {
    const floorMs = await stores.withStore(initialStore, (ctx) =>
      initialFloor(ctx.db, path.join(dir, `floor-${run}.sqlite`)),
    );
    const central = await stores.serveApart(initialStore);
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
    backend === 'postgres'
      ? await stores.withStore(initialStore, (ctx) => sizing(ctx.db, patrons))
      : undefined;
  const central = await stores.serve(initialStore);

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
  const busy = await stores.serve(await stores.freshStore('busy'));
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
  await stores.dropScratch();
}
