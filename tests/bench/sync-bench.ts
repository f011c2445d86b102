/**
 * npm run bench:sync — the sync figures, printed, not asserted (the targets are printed beside):
 * (a) a fresh PC's first sync from a central service holding 200,000 patrons (snapshot then pull), against
 *     a floor measured in the same run: the same rows read straight from the server's database and
 *     written with plain prepared inserts into an empty SQLite table, in one transaction;
 * (b) one edit pushed by PC A then pulled by PC B, median of `BENCH_ROUNDS` rounds;
 * (c) 20 PCs × 100 changes each, all syncing at once against one service: errors and throughput.
 * The central service runs in this process on PGlite in a temporary data folder (never on DATABASE_URL:
 * the bench writes its 200,000 rows straight into the store it measures).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { openContext, startCentral } from '../../central/app.ts';
import { type AppContext, openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { httpTransport } from '../../electron/services/sync/transport.ts';
import { type Api, createApi } from '../../shared/api.ts';
import { memorySecrets } from '../sync/helpers/desktop.ts';

const patrons = Number(process.env.BENCH_PATRONS ?? 200_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 50);
const clients = Number(process.env.BENCH_CLIENTS ?? 20);
const mutationsPerClient = Number(process.env.BENCH_MUTATIONS ?? 100);
const password = 'banc-d-essai-2026-solide';
const grandFigeac = '200067361';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-sync-bench-'));
const dataDir = path.join(dir, 'central');
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function openPc(name: string, url: string, email: string): Promise<{ context: AppContext; api: Api }> {
  const context = await openAppContext({
    databasePath: path.join(dir, `${name}.sqlite`),
    version: 'bench',
    sync: { secrets: memorySecrets(), transport: (server) => httpTransport(server) },
  });
  const api = createApi(localInvoke(openGate(context)));
  await api.call('settings.update', { staffName: name });
  await api.call('sync.login', { serverUrl: url, email, password });
  return { context, api };
}

/**
 * The central service's content, written straight into its log (one library and its patrons), then the
 * floor measured on it: the same rows read from the server's database and inserted plainly into an empty
 * SQLite table. Returns the floor's time.
 */
async function seedCentral(): Promise<number> {
  const { ctx, database } = await openContext({ dataDir });
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
    })}::jsonb, '{}'::jsonb, 'banc', now())`.execute(ctx.db);
  await sql`INSERT INTO sync_row (table_name, row_id, version, deleted, data, field_versions, updated_by, updated_at)
    SELECT 'patron', 'p-' || g, g + 1, false, jsonb_build_object(
      'id', 'p-' || g, 'library_id', 'lib-bench', 'card_number', '46BZ' || lpad(g::text, 7, '0'),
      'last_name', 'Nom' || g, 'first_name', 'Prénom', 'birth_date', '1980-01-01', 'birth_year', 1980,
      'email', 'lecteur' || g || '@exemple.fr', 'postal_code', '46100', 'commune_insee', '46102',
      'commune_name', 'Figeac', 'registered_on', '2025-01-01', 'expires_on', '2027-01-01', 'category', 'Adulte',
      'registered', 1, 'name_key', 'nom' || g || '|prenom', 'duplicate_of', null, 'duplicate_status', null,
      'created_batch', null, 'created_at', ${stamp}::text, 'updated_at', ${stamp}::text),
      '{}'::jsonb, 'banc', now()
    FROM generate_series(1, ${patrons}) AS g`.execute(ctx.db);
  await sql`UPDATE sync_counter SET value = ${patrons + 1}`.execute(ctx.db);

  const start = performance.now();
  const rows = await sql<{
    data: string;
  }>`SELECT data::text AS data FROM sync_row WHERE table_name = 'patron'`.execute(ctx.db);
  const sqlite = new BetterSqlite3(path.join(dir, 'floor.sqlite'));
  const columns = Object.keys(JSON.parse(rows.rows[0]?.data ?? '{}'));
  sqlite.exec(`CREATE TABLE patron (${columns.join(', ')})`);
  const insert = sqlite.prepare(`INSERT INTO patron VALUES (${columns.map(() => '?').join(', ')})`);
  sqlite.transaction(() => {
    for (const row of rows.rows)
      insert.run(...Object.values(JSON.parse(row.data) as Record<string, unknown>));
  })();
  sqlite.close();
  const floorMs = performance.now() - start;
  await database.close();
  return floorMs;
}

const floorMs = await seedCentral();
const central = await startCentral({ dataDir });
await central.addUser('a@lot.fr', 'agent', password);
await central.addUser('b@lot.fr', 'agent', password);

// (a) A fresh PC's first sync.
const b = await openPc('PC-B', central.url, 'b@lot.fr');
let start = performance.now();
const first = await b.api.call('sync.now', {});
const initialMs = performance.now() - start;
const mirrored = await b.api.call('patron.count', {});
if (mirrored.count !== patrons) throw new Error(`PC B holds ${mirrored.count} patrons, not ${patrons}.`);

// (b) One edit on A, pushed, then pulled by B.
const a = await openPc('PC-A', central.url, 'a@lot.fr');
await a.api.call('sync.now', {});
const roundTrips: number[] = [];
for (let round = 0; round < rounds; round++) {
  const nextAction = `Relance ${round}`;
  await a.api.call('epci.updateFollowUp', { siren: grandFigeac, nextAction, nextActionDue: null });
  start = performance.now();
  await a.api.call('sync.now', {});
  await b.api.call('sync.now', {});
  roundTrips.push(performance.now() - start);
  const seen = (await b.api.call('epci.get', { siren: grandFigeac })).followUp.nextAction;
  if (seen !== nextAction) throw new Error(`PC B shows « ${seen} », not « ${nextAction} ».`);
}
await a.context.close();
await b.context.close();

// (c) Many PCs at once, on a service of their own (they need not mirror the 200,000 patrons).
const busy = await startCentral({ dataDir: path.join(dir, 'central-busy') });
const pcs: { context: AppContext; api: Api }[] = [];
for (let i = 0; i < clients; i++) {
  await busy.addUser(`pc${i}@lot.fr`, 'agent', password);
  pcs.push(await openPc(`PC-${i}`, busy.url, `pc${i}@lot.fr`));
}
for (const [i, pc] of pcs.entries()) {
  for (let m = 0; m < mutationsPerClient; m++)
    await pc.api.call('contact.add', {
      siren: grandFigeac,
      name: `Contact ${i}-${m}`,
      role: '',
      email: '',
      phone: '',
    });
}
start = performance.now();
const outcomes = await Promise.allSettled(pcs.map((pc) => pc.api.call('sync.now', {})));
const concurrentMs = performance.now() - start;
const errors = outcomes.filter((outcome) => outcome.status === 'rejected').length;
const pushed = outcomes.reduce(
  (sum, outcome) => sum + (outcome.status === 'fulfilled' ? outcome.value.pushed : 0),
  0,
);
await pcs[0]?.api.call('sync.now', {});
const contacts = (await pcs[0]?.api.call('epci.get', { siren: grandFigeac }))?.contacts.length ?? 0;
for (const pc of pcs) await pc.context.close();
await busy.close();
await central.close();

const figures = {
  backend: 'pglite',
  initialSync: {
    patrons,
    pulled: first.pulled,
    ms: Math.round(initialMs),
    targetMs: 10_000,
    floorMs: Math.round(floorMs),
    ratio: Number((initialMs / floorMs).toFixed(2)),
  },
  editRoundTrip: {
    rounds,
    medianMs: Number(median(roundTrips).toFixed(1)),
    targetMs: 50,
    p90Ms: Number(([...roundTrips].sort((x, y) => x - y)[Math.floor(rounds * 0.9)] ?? 0).toFixed(1)),
  },
  concurrent: {
    clients,
    mutationsPerClient,
    errors,
    pushed,
    contactsOnServer: contacts,
    ms: Math.round(concurrentMs),
    mutationsPerSecond: Math.round((pushed / concurrentMs) * 1000),
  },
};
console.log(JSON.stringify(figures, null, 2));
fs.rmSync(dir, { recursive: true, force: true });
