/**
 * npm run bench:import — the figures the patron-import issue asks for, printed, not asserted:
 * end-to-end time of a 100,000-row import into a database already holding 200,000 patrons of other
 * libraries, the floor measured in the same run (papaparse parse of the same bytes + plain prepared
 * inserts of the same rows in one transaction), their ratio, peak memory, and search latency.
 */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { openAppContext } from '../../electron/services/context.ts';
import { localInvoke } from '../../electron/services/dispatch.ts';
import { createHandlers } from '../../electron/services/handlers.ts';
import { searchText } from '../../electron/services/import/patron-row.ts';
import { nameKey } from '../../electron/services/import/read/normalize.ts';
import { createApi } from '../../shared/api.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { generatePatronFile } from './patron-file.ts';

const rowsToImport = Number(process.env.BENCH_ROWS ?? 100_000);
const existingPatrons = Number(process.env.BENCH_EXISTING ?? 200_000);

const setupFlag = process.argv.indexOf('--setup');
if (setupFlag >= 0) {
  await setUp(process.argv[setupFlag + 1] as string);
  process.exit(0);
}

/**
 * The setting, not the measure, in a process of its own (as on a staff PC, where the 200,000 patrons are
 * already on disk): three libraries and 200,000 patrons of the other two, written directly.
 */
async function setUp(databasePath: string) {
  const context = await openAppContext({ databasePath, version: 'bench' });
  const api = createApi(localInvoke(createHandlers(context)));
  await api.call('settings.update', { staffName: 'Banc d’essai' });
  await api.call('library.add', { name: 'Médiathèque de Figeac', commune: '46102', ils: 'koha' });
  const others = [
    await api.call('library.add', { name: 'Médiathèque de Cahors', commune: '46042', ils: 'pmb' }),
    await api.call('library.add', { name: 'Bibliothèque de Gourdon', commune: '46127', ils: 'orphee' }),
  ];
  const sqlite = context.database.sqlite;
  const insert =
    sqlite.prepare(`INSERT INTO patron (id, library_id, card_number, last_name, first_name, birth_date,
    birth_year, email, postal_code, commune_name, registered_on, expires_on, category, registered, name_key, created_at, updated_at)
    VALUES (@id, @library_id, @card_number, @last_name, @first_name, @birth_date, @birth_year, @email, @postal_code,
    @commune_name, @registered_on, @expires_on, @category, 1, @name_key, @at, @at)`);
  const index = sqlite.prepare('INSERT INTO patron_search (rowid, text) VALUES (?, ?)');
  const existing = generatePatronFile({ rows: existingPatrons, prefix: 'EX', seed: 7, badShare: 0 });
  const at = new Date().toISOString();
  sqlite.transaction(() => {
    existing.text
      .trim()
      .split('\r\n')
      .slice(1)
      .forEach((line, i) => {
        const [card, last, first, birth, email, postal, city, reg, exp, cat] = line.split(';') as [
          string,
          string,
          string,
          string,
          string,
          string,
          string,
          string,
          string,
          string,
        ];
        const iso = (d: string) => d.split('/').reverse().join('-');
        const { lastInsertRowid } = insert.run({
          id: uuidv7(),
          library_id: (others[i % 2] as { id: string }).id,
          card_number: card,
          last_name: last,
          first_name: first,
          birth_date: iso(birth),
          birth_year: Number(birth.slice(-4)),
          email,
          postal_code: postal,
          commune_name: city,
          registered_on: iso(reg),
          expires_on: iso(exp),
          category: cat,
          name_key: nameKey(last, first),
          at,
        });
        index.run(lastInsertRowid, searchText(card, last, first, email));
      });
  })();
  await context.close();
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-bench-'));
const databasePath = path.join(dir, 'bench.sqlite');
const setup = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--setup', databasePath], {
  stdio: 'inherit',
});
if (setup.status !== 0) throw new Error('La préparation de la base du banc d’essai a échoué.');

const context = await openAppContext({
  databasePath,
  version: 'bench',
  // As the desktop app does: one import worker started in advance.
  prepareImportWorker: true,
});
const api = createApi(localInvoke(createHandlers(context)));
const figeac = (await api.call('library.list', {})).find((library) => library.name.includes('Figeac'));
if (!figeac) throw new Error('Bibliothèque de Figeac absente de la base préparée.');
const target = figeac;

const file = generatePatronFile({ rows: rowsToImport, prefix: 'FG', seed: 42, badShare: 0.02 });

/**
 * The floors, measured on the same bytes in this run: papaparse's parse, then plain prepared inserts of
 * the same rows in one transaction — (a) into a bare table, (b) into a table shaped like `patron` (its
 * keys and indexes, which any implementation pays for). The ratio is taken against (b).
 */
function floor(shapedLikePatron: boolean): number {
  const sqlite = context.database.sqlite;
  const start = performance.now();
  const parsed = Papa.parse<string[]>(new TextDecoder('windows-1252').decode(file.bytes), { delimiter: ';' });
  const ddl = (
    sqlite.prepare("SELECT sql FROM sqlite_schema WHERE name = 'patron'").pluck().get() as string
  ).replace('CREATE TABLE patron', 'CREATE TABLE floor_patron');
  sqlite.exec(
    shapedLikePatron
      ? `${ddl}; CREATE INDEX floor_by_person ON floor_patron (name_key, birth_date)`
      : 'CREATE TABLE floor_patron (id, library_id, card_number, last_name, first_name, birth_date, email, postal_code, commune_name, registered_on, expires_on, category, name_key, created_at, updated_at)',
  );
  const insert =
    sqlite.prepare(`INSERT INTO floor_patron (id, library_id, card_number, last_name, first_name, birth_date,
    email, postal_code, commune_name, registered_on, expires_on, category, name_key, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const at = new Date().toISOString();
  sqlite.transaction(() => {
    for (const row of parsed.data.slice(1)) {
      if (row.length < 10 || !row[0]) continue;
      insert.run(
        uuidv7(),
        target.id,
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
        row[9],
        row[1],
        at,
        at,
      );
    }
  })();
  const elapsed = performance.now() - start;
  sqlite.exec('DROP TABLE floor_patron');
  return elapsed;
}
const bareFloorMs = floor(false);
const floorMs = floor(true);

// Peak memory of the import itself (main process + its worker thread share the process RSS).
let importPeakRss = process.memoryUsage().rss;
const sessionId = crypto.randomUUID();
const phases: Record<string, number> = {};
const sampler = setInterval(() => {
  importPeakRss = Math.max(importPeakRss, process.memoryUsage().rss);
  api
    .call('import.progress', { sessionId })
    .then(({ progress }) => {
      if (progress && phases[progress.phase] === undefined)
        phases[progress.phase] = Math.round(performance.now() - start);
    })
    .catch(() => {});
}, 20);
const start = performance.now();
const session = await api.call('import.open', {
  sessionId,
  libraryId: target.id,
  fileName: 'lecteurs-figeac.csv',
  content: file.bytes.toString('base64'),
});
const analysedMs = performance.now() - start;
const committed = await api.call('import.commit', { sessionId: session.sessionId });
const endToEndMs = performance.now() - start;
clearInterval(sampler);

// Search latency over the whole registry (300,000 patrons), through the same handler the UI calls.
const queries = [
  'martin',
  'lapeze',
  'FG00123',
  'marie dupont',
  'helene',
  'coeur',
  'sene',
  'garcia sophie',
  'orange.fr',
  'EX0100',
];
const latencies: number[] = [];
for (let i = 0; i < 300; i += 1) {
  const t = performance.now();
  await api.call('patron.search', { text: queries[i % queries.length] as string, limit: 50 });
  latencies.push(performance.now() - t);
}
latencies.sort((a, b) => a - b);
const percentile = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] as number;

const peakRssMb = importPeakRss / 1024 / 1024;
const processPeakRssMb = process.resourceUsage().maxRSS / 1024;
const figures = {
  rows: rowsToImport,
  existingPatrons,
  counts: committed.counts,
  analyseMs: Math.round(analysedMs),
  endToEndMs: Math.round(endToEndMs),
  floorMs: Math.round(floorMs),
  bareFloorMs: Math.round(bareFloorMs),
  ratio: Number((endToEndMs / floorMs).toFixed(2)),
  peakRssMb: Math.round(peakRssMb),
  processPeakRssMb: Math.round(processPeakRssMb),
  searchP50Ms: Number(percentile(50).toFixed(2)),
  searchP95Ms: Number(percentile(95).toFixed(2)),
};
const verdict = (ok: boolean) => (ok ? 'OK' : 'AU-DESSUS');
console.log(`Import de ${rowsToImport} lignes dans une base de ${existingPatrons} lecteurs`);
console.log(
  `  de bout en bout (lecture → enregistrement) : ${figures.endToEndMs} ms (cible ≤ 3000) ${verdict(endToEndMs <= 3000)}`,
);
console.log(
  `  dont lecture + analyse : ${figures.analyseMs} ms (débuts de phase : ${JSON.stringify(phases)} ms)`,
);
console.log(
  `  plancher (papaparse + insertions préparées dans une table de la forme de patron) : ${figures.floorMs} ms`,
);
console.log(
  `  (plancher nu, table sans clé ni index : ${figures.bareFloorMs} ms ; ratio ${(endToEndMs / bareFloorMs).toFixed(2)})`,
);
console.log(`  ratio : ${figures.ratio} (cible ≤ 2,5) ${verdict(figures.ratio <= 2.5)}`);
console.log(
  `  mémoire maximale pendant l’import (RSS) : ${figures.peakRssMb} Mo (cible ≤ 600) ${verdict(peakRssMb <= 600)}`,
);
console.log(`  (maximum du processus, planchers compris : ${figures.processPeakRssMb} Mo)`);
console.log(
  `Recherche sur ${existingPatrons + committed.counts.created} lecteurs : p50 ${figures.searchP50Ms} ms, p95 ${figures.searchP95Ms} ms (cible p95 ≤ 10) ${verdict(figures.searchP95Ms <= 10)}`,
);
console.log(JSON.stringify(figures));
await context.close();
if (process.env.BENCH_KEEP) console.log(`Base conservée : ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
