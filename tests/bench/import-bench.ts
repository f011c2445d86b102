/**
 * npm run bench:import — the figures the patron-import issue asks for, printed, not asserted:
 * end-to-end time of a 100,000-row import into a database already holding 200,000 patrons of other
 * libraries, the floor measured in the same run (papaparse parse of the same bytes + plain prepared
 * inserts of the same rows in one transaction), their ratio, peak memory, and search latency.
 *
 * Each part runs in a process of its own, so none inherits another's memory: the setting (`--setup`),
 * each floor (`--floor KIND`) and each import (`--import`, on a fresh copy of the setting), as the desktop
 * app runs it. BENCH_RUNS (3) runs of each, interleaved; the figures printed are their medians.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import Papa from 'papaparse';
import { configureConnection } from '../../db/open.ts';
import { openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { searchText } from '../../electron/services/import/patron-row.ts';
import { nameKey } from '../../electron/services/import/read/name-key.ts';
import { createApi } from '../../shared/api.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { generatePatronFile } from './patron-file.ts';

const rowsToImport = Number(process.env.BENCH_ROWS ?? 100_000);
const existingPatrons = Number(process.env.BENCH_EXISTING ?? 200_000);

const [mode, modeDatabase, floorKind] = process.argv.slice(2);
if (mode === '--setup') {
  await setUp(modeDatabase as string);
  process.exit(0);
}
if (mode === '--floor') {
  console.log(JSON.stringify({ ms: floor(modeDatabase as string, floorKind as FloorKind) }));
  process.exit(0);
}
if (mode === '--import') {
  console.log(JSON.stringify(await measureImport(modeDatabase as string)));
  process.exit(0);
}

/**
 * The setting, not the measure, in a process of its own (as on a staff PC, where the 200,000 patrons are
 * already on disk): three libraries and 200,000 patrons of the other two, written directly.
 */
async function setUp(databasePath: string) {
  const context = await openAppContext({ databasePath, version: 'bench' });
  const api = createApi(localInvoke(openGate(context)));
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
  const file = generatePatronFile({ rows: rowsToImport, prefix: 'FG', seed: 42, badShare: 0.02 });
  fs.writeFileSync(importedFilePath(databasePath), file.bytes);
}

/** The file a library sends, written once by the setting next to the database, read from disk like the app does. */
function importedFilePath(databasePath: string) {
  return path.join(path.dirname(databasePath), 'lecteurs-figeac.csv');
}

/**
 * The floors, on the same bytes: papaparse's parse, then plain prepared inserts of the same rows in one
 * transaction — `bare`: a table with no key nor index; `shaped`: a table shaped like `patron` (its keys
 * and indexes, which any implementation pays for; the ratio is taken against this one); `searchable`:
 * the `patron` table itself and its trigram search index, i.e. what storing the rows costs in this
 * schema, without any of the import's work (validation, matching, preview, undo records).
 */
type FloorKind = 'bare' | 'shaped' | 'searchable';
function floor(databasePath: string, kind: FloorKind): number {
  const bytes = fs.readFileSync(importedFilePath(databasePath));
  // On a copy: the import measured next finds the database as the setting left it.
  const copy = `${databasePath}.floor-${kind}`;
  fs.copyFileSync(databasePath, copy);
  const sqlite = new BetterSqlite3(copy);
  configureConnection(sqlite);
  const libraryId = sqlite.prepare("SELECT id FROM library WHERE name LIKE '%Figeac%'").pluck().get();
  const start = performance.now();
  const parsed = Papa.parse<string[]>(new TextDecoder('windows-1252').decode(bytes), { delimiter: ';' });
  const ddl = (
    sqlite.prepare("SELECT sql FROM sqlite_schema WHERE name = 'patron'").pluck().get() as string
  ).replace('CREATE TABLE patron', 'CREATE TABLE floor_patron');
  if (kind === 'shaped')
    sqlite.exec(`${ddl}; CREATE INDEX floor_by_person ON floor_patron (name_key, birth_date)`);
  if (kind === 'bare')
    sqlite.exec(
      'CREATE TABLE floor_patron (id, library_id, card_number, last_name, first_name, birth_date, email, postal_code, commune_name, registered_on, expires_on, category, name_key, created_at, updated_at)',
    );
  const table = kind === 'searchable' ? 'patron' : 'floor_patron';
  const insert =
    sqlite.prepare(`INSERT INTO ${table} (id, library_id, card_number, last_name, first_name, birth_date,
    email, postal_code, commune_name, registered_on, expires_on, category, name_key, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const index = sqlite.prepare('INSERT INTO patron_search (rowid, text) VALUES (?, ?)');
  const at = new Date().toISOString();
  sqlite.transaction(() => {
    for (const row of parsed.data.slice(1)) {
      if (row.length < 10 || !row[0]) continue;
      const { lastInsertRowid } = insert.run(
        uuidv7(),
        libraryId,
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
      if (kind === 'searchable') index.run(lastInsertRowid, `${row[1]} ${row[2]} ${row[0]} ${row[4]}`);
    }
  })();
  const elapsed = performance.now() - start;
  sqlite.close();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${copy}${suffix}`, { force: true });
  return elapsed;
}

/**
 * One import as the desktop app runs it (service + a worker prepared at start, the database already on
 * disk), in a process of its own: its figures, printed as JSON by `--import`.
 */
async function measureImport(databasePath: string) {
  const context = await openAppContext({
    databasePath,
    version: 'bench',
    // As the desktop app does: one import worker started in advance.
    prepareImportWorker: true,
  });
  const api = createApi(localInvoke(openGate(context)));
  const target = (await api.call('library.list', {})).find((library) => library.name.includes('Figeac'));
  if (!target) throw new Error('Bibliothèque de Figeac absente de la base préparée.');
  // A librarian picks the file seconds after opening the app: by then the worker prepared at start has
  // loaded its code, the commune index and the stored people. The measure starts at that click.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const bytes = fs.readFileSync(importedFilePath(databasePath));
  // Peak memory of the import itself (main process + its worker thread share the process RSS).
  const startRss = process.memoryUsage().rss;
  let importPeakRss = startRss;
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
    content: bytes.toString('base64'),
  });
  const analysedMs = performance.now() - start;

  // What a librarian does next in the preview: fix a rejected row's cell (timed apart from the import).
  const [rejected] = (
    await api.call('import.preview', { sessionId, outcome: 'rejected', offset: 0, limit: 1 })
  ).rows;
  const fixStart = performance.now();
  if (rejected)
    await api.call('import.fixCell', {
      sessionId,
      line: rejected.line,
      field: 'cardNumber',
      value: 'FG-CORRIGE',
    });
  const fixMs = performance.now() - fixStart;

  // The last new patron, the one search finds last (see searchableMs).
  const { total: createdRows } = await api.call('import.preview', {
    sessionId,
    outcome: 'created',
    limit: 1,
  });
  const [lastCreated] = (
    await api.call('import.preview', { sessionId, outcome: 'created', offset: createdRows - 1, limit: 1 })
  ).rows;
  const lastCard = lastCreated?.values.cardNumber ?? 'FG000001';
  const commitStart = performance.now();
  const committed = await api.call('import.commit', { sessionId: session.sessionId });
  const endToEndMs = analysedMs + (performance.now() - commitStart);
  // The new patrons' search entries follow the commit in a transaction of their own: the time until search
  // finds the last one, counted from the file like the end-to-end time.
  while ((await api.call('patron.search', { text: lastCard, limit: 1 })).total === 0) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const searchableMs = analysedMs + (performance.now() - commitStart);
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

  await context.close();
  return {
    counts: committed.counts,
    analyseMs: analysedMs,
    fixCellMs: fixMs,
    endToEndMs,
    searchableMs,
    phases,
    startRssMb: startRss / 1024 / 1024,
    peakRssMb: importPeakRss / 1024 / 1024,
    searchP50Ms: percentile(50),
    searchP95Ms: percentile(95),
  };
}
type ImportFigures = Awaited<ReturnType<typeof measureImport>>;

const runs = Number(process.env.BENCH_RUNS ?? 3);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-bench-'));
const databasePath = path.join(dir, 'bench.sqlite');
const setup = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--setup', databasePath], {
  stdio: 'inherit',
});
if (setup.status !== 0) throw new Error('La préparation de la base du banc d’essai a échoué.');

function runChild<T>(args: string[], what: string): T {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${what} a échoué : ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as T;
}
const measureFloor = (kind: FloorKind) =>
  runChild<{ ms: number }>(['--floor', databasePath, kind], `Le plancher « ${kind} »`).ms;

// Runs interleaved (floors, then an import on a fresh copy of the setting), so a busy moment of the
// machine weighs on both sides of the ratio; the medians are printed.
const floors: Record<FloorKind, number[]> = { bare: [], shaped: [], searchable: [] };
const imports: ImportFigures[] = [];
for (let run = 0; run < runs; run += 1) {
  for (const kind of ['bare', 'shaped', 'searchable'] as const) floors[kind].push(measureFloor(kind));
  const copy = path.join(dir, `import-${run}.sqlite`);
  fs.copyFileSync(databasePath, copy);
  imports.push(runChild<ImportFigures>(['--import', copy], 'L’import mesuré'));
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${copy}${suffix}`, { force: true });
}
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const of = (key: keyof ImportFigures) => imports.map((figures) => figures[key] as number);
const endToEndMs = median(of('endToEndMs'));
const floorMs = median(floors.shaped);
const bareFloorMs = median(floors.bare);
const searchableFloorMs = median(floors.searchable);
const peakRssMb = Math.max(...of('peakRssMb'));
const searchP95Ms = median(of('searchP95Ms'));
const ratios = imports.map((figures, run) => figures.endToEndMs / (floors.shaped[run] as number));
const counts = (imports[0] as ImportFigures).counts;
const figures = {
  runs,
  rows: rowsToImport,
  existingPatrons,
  counts,
  endToEndMs: Math.round(endToEndMs),
  endToEndRunsMs: of('endToEndMs').map(Math.round),
  analyseMs: Math.round(median(of('analyseMs'))),
  searchableMs: Math.round(median(of('searchableMs'))),
  fixCellMs: Math.round(median(of('fixCellMs'))),
  floorMs: Math.round(floorMs),
  bareFloorMs: Math.round(bareFloorMs),
  searchableFloorMs: Math.round(searchableFloorMs),
  ratio: Number((endToEndMs / floorMs).toFixed(2)),
  ratioRuns: ratios.map((ratio) => Number(ratio.toFixed(2))),
  startRssMb: Math.round(median(of('startRssMb'))),
  peakRssMb: Math.round(peakRssMb),
  searchP50Ms: Number(median(of('searchP50Ms')).toFixed(2)),
  searchP95Ms: Number(searchP95Ms.toFixed(2)),
};
const verdict = (ok: boolean) => (ok ? 'OK' : 'AU-DESSUS');
const ratioTo = (ms: number) => (endToEndMs / ms).toFixed(2);
console.log(
  `Import de ${rowsToImport} lignes dans une base de ${existingPatrons} lecteurs — médianes de ${runs} essais`,
);
console.log(
  `  de bout en bout (lecture → enregistrement) : ${figures.endToEndMs} ms (cible ≤ 3000) ${verdict(endToEndMs <= 3000)} ` +
    `— essais : ${figures.endToEndRunsMs.join(', ')} ms`,
);
console.log(
  `  dont lecture + analyse : ${figures.analyseMs} ms (débuts de phase du premier essai : ${JSON.stringify((imports[0] as ImportFigures).phases)} ms)`,
);
console.log(
  `  nouveaux lecteurs trouvables par la recherche (index écrit juste après l’enregistrement) : ${figures.searchableMs} ms`,
);
console.log(`  correction d’une cellule dans l’aperçu : ${figures.fixCellMs} ms`);
console.log(
  `  plancher (papaparse + insertions préparées dans une table de la forme de patron) : ${figures.floorMs} ms`,
);
console.log(
  `  ratio : ${figures.ratio} (cible ≤ 2,5) ${verdict(figures.ratio <= 2.5)} — essais : ${figures.ratioRuns.join(', ')}`,
);
console.log(
  `  (plancher nu, table sans clé ni index : ${figures.bareFloorMs} ms, ratio ${ratioTo(bareFloorMs)} ; ` +
    `plancher « patron + index de recherche » : ${figures.searchableFloorMs} ms, ratio ${ratioTo(searchableFloorMs)})`,
);
console.log(
  `  mémoire maximale pendant l’import (RSS, le plus haut des essais) : ${figures.peakRssMb} Mo (cible ≤ 600) ${verdict(peakRssMb <= 600)}, ` +
    `${figures.startRssMb} Mo au départ`,
);
console.log(
  `Recherche sur ${existingPatrons + counts.created} lecteurs : p50 ${figures.searchP50Ms} ms, p95 ${figures.searchP95Ms} ms (cible p95 ≤ 10) ${verdict(searchP95Ms <= 10)}`,
);
console.log(JSON.stringify(figures));
if (process.env.BENCH_KEEP) console.log(`Base conservée : ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
