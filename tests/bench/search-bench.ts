/**
 * npm run bench:search — the patron search at a département's scale, printed, not asserted: BENCH_PATRONS
 * (1,000,000) patrons of eight libraries in four EPCI, written directly into a real SQLite file (the
 * setting, in a process of its own), then `patron.search` through the same handler the UI calls, with
 * what librarians type: a common or a rare surname, accents or not, first and last names in either
 * order, a card number or its start, a piece of an e-mail, one or two letters, a name nobody has —
 * alone and with the filters the Lecteurs screen sends, first page as the screen asks for it (`patronPageSize`).
 *
 * The floor is measured in the same run, interleaved call by call: the bare trigram MATCH of the same
 * text returning its first 50 rowids (for text of three letters or more), else a primary-key read of
 * 50 patrons. BENCH_RUNS (5) runs; per kind and overall: p50, p95, p99 and max, medians of the runs and
 * every run; then, apart, what opening the screen asks (no text: exact counts) and the machine's load.
 * BENCH_DATABASE=path keeps (or reuses) the prepared file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { patronPageSize } from '../../renderer/screens/patrons/patronPageSize.ts';
import { createApi } from '../../shared/api.ts';
import type { Input } from '../../shared/contract.ts';
import { searchKey } from '../../shared/text.ts';
import { filePatrons, patronWriter } from '../helpers/stored-patrons.ts';
import { median } from './median.ts';
import { generatePatronFile, random } from './patron-file.ts';

const patronCount = Number(process.env.BENCH_PATRONS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);

const [mode, modeDatabase] = process.argv.slice(2);

/** Syllables of the long tail of surnames: a département has tens of thousands, most held by a few people. */
const heads = ['Bou', 'Cas', 'Del', 'Fon', 'Lab', 'Mar', 'Pey', 'Rou', 'Vay', 'Lac', 'Sé', 'Gal', 'Cé', 'Tr'];
const middles = ['ta', 'ri', 'ga', 'ne', 'lo', 'bé', 'sa', 'vi', 'ro', 'du', 'mè', 'ca', 'po', 'li', 'fo'];
const tails = ['ssac', 'rie', 'gnac', 'zac', 'mont', 'ville', 'ès', 'ère', 'ié', 'oux', 'lhac', 'dou', 'ret'];
const tailName = (index: number) =>
  `${heads[index % heads.length]}${middles[Math.floor(index / heads.length) % middles.length]}${
    tails[Math.floor(index / (heads.length * middles.length)) % tails.length]
  }${index >= heads.length * middles.length * tails.length ? `-${heads[index % 7]}${tails[index % 11]}` : ''}`;
const tailNames = 20_000;

/**
 * The setting: eight libraries (two per EPCI, of unequal sizes) and their patrons, rows of the bench's
 * patron file (French names with accents, cards, e-mails), 40 % of them renamed from the long tail, 15 %
 * no longer registered, 0.5 % possible duplicates; inserted with prepared statements in one transaction,
 * each with its search entry, as an import leaves them.
 */
async function setUp(databasePath: string) {
  const context = await openAppContext({ databasePath, version: 'bench' });
  const api = createApi(localInvoke(openGate(context)));
  await api.call('settings.update', { staffName: 'Banc d’essai' });
  const sqlite = context.database.sqlite;
  const communes = sqlite
    .prepare(
      `SELECT m.epci_siren AS epci, m.commune_insee AS insee FROM epci_membership m
       WHERE m.millesime = (SELECT max(millesime) FROM epci_membership)
       ORDER BY m.epci_siren, m.commune_insee`,
    )
    .all() as { epci: string; insee: string }[];
  const byEpci = new Map<string, string[]>();
  for (const { epci, insee } of communes) byEpci.set(epci, [...(byEpci.get(epci) ?? []), insee]);
  const libraries: { id: string; prefix: string; share: number }[] = [];
  const shares = [0.3, 0.2, 0.12, 0.1, 0.1, 0.08, 0.06, 0.04];
  for (const [epci, members] of [...byEpci].filter(([, m]) => m.length >= 2).slice(0, 4)) {
    for (const insee of members.slice(0, 2)) {
      const n = libraries.length;
      const added = await api.call('library.add', {
        name: `Bibliothèque ${n + 1} (${epci})`,
        commune: insee,
        ils: 'koha',
      });
      libraries.push({ id: added.id, prefix: `B${n}`, share: shares[n] as number });
    }
  }
  const write = patronWriter(sqlite);
  const next = random(19);
  sqlite.transaction(() => {
    libraries.forEach((library, n) => {
      const rows = Math.round(patronCount * library.share);
      const file = generatePatronFile({ rows, prefix: library.prefix, seed: 100 + n, badShare: 0 });
      let i = 0;
      for (const patron of filePatrons(file)) {
        i += 1;
        // Skewed towards the first names of the tail: a few hundred people for some, one or two for most.
        const renamed = next() < 0.4 ? tailName(Math.floor(tailNames * next() ** 3)) : null;
        write(
          library.id,
          renamed
            ? {
                ...patron,
                lastName: renamed,
                email: patron.email.replace(/\.[^.@]+@/, `.${searchKey(renamed).replace(/ /g, '')}${i}@`),
              }
            : patron,
          { registered: next() >= 0.15, possibleDuplicate: next() < 0.005 },
        );
      }
    });
  })();
  await context.close();
}

type Query = Input<'patron.search'>;
interface Probe {
  kind: string;
  input: Query;
}

/** What librarians type, each alone and with the screen's filters (a library, an EPCI, « Inscrits »). */
function probes(known: { rare: string[]; card: string; library: string; epci: string }): Probe[] {
  const texts: [string, string[]][] = [
    ['nom courant', ['martin', 'Dubois', 'BERNARD']],
    ['nom rare', known.rare],
    ['accents', ['hélène', 'helene', 'cœur', 'coeur', 'Lapèze', 'senechal']],
    ['prénom + nom', ['marie dupont', 'dupont marie', 'hélène martin', 'jean lagarrigue']],
    ['carte', [known.card.slice(0, 6), known.card, known.card.slice(2)]],
    ['courriel', ['orange.fr', 'gmail.com', 'marie.dup', 'laposte']],
    ['1–2 lettres', ['ma', 'du', 'z', 'le']],
    ['aucun résultat', ['xyzzyq', 'qwertyuiop']],
  ];
  const filters: Partial<Query>[] = [
    {},
    { libraryId: known.library },
    { epci: known.epci },
    { status: 'registered' },
  ];
  const list: Probe[] = [];
  for (const [kind, words] of texts)
    for (const text of words)
      for (const filter of filters)
        list.push({
          kind,
          input: { text, status: 'all', duplicates: false, offset: 0, limit: patronPageSize, ...filter },
        });
  return list;
}

/** A probe as the report names it: its text, then B (a library), E (an EPCI) and the status. */
const probeKey = (probe: Probe) =>
  `${probe.input.text}|${probe.input.libraryId ? 'B' : ''}${probe.input.epci ? 'E' : ''}${probe.input.status}`;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

async function measure(databasePath: string) {
  const context = await openAppContext({ databasePath, version: 'bench' });
  const api = createApi(localInvoke(openGate(context)));
  const sqlite = context.database.sqlite;
  const rare = sqlite
    .prepare(
      `SELECT last_name FROM patron WHERE num % 997 = 0 GROUP BY last_name HAVING count(*) = 1 LIMIT 3`,
    )
    .pluck()
    .all() as string[];
  const sample = sqlite
    .prepare('SELECT card_number, library_id FROM patron WHERE num = ?')
    .get(Math.floor(patronCount / 3)) as { card_number: string; library_id: string };
  const epci = (await api.call('library.list', {})).find((l) => l.id === sample.library_id)?.epci as string;
  const list = probes({ rare, card: sample.card_number, library: sample.library_id, epci });
  const ftsFloor = sqlite.prepare('SELECT rowid FROM patron_search WHERE patron_search MATCH ? LIMIT 50');
  const keyFloor = sqlite.prepare(
    `SELECT * FROM patron WHERE num IN (${Array.from({ length: 50 }, () => '?').join(', ')})`,
  );
  const floorOf = (probe: Probe) => {
    const words = searchKey(probe.input.text ?? '')
      .split(' ')
      .filter(Boolean);
    const long = words.filter((w) => w.length >= 3);
    const match =
      long.length === 0
        ? null
        : long.length === words.length
          ? long.map((w) => `"${w}"`).join(' AND ')
          : `"${words.join(' ')}"`;
    const start = performance.now();
    if (match) ftsFloor.all(match);
    else keyFloor.all(Array.from({ length: 50 }, (_, i) => 1 + ((i * 7919) % patronCount)));
    return performance.now() - start;
  };

  // One pass unmeasured: the first touch of each page of the file is not what a librarian's tenth search pays.
  for (const probe of list) await api.call('patron.search', probe.input);
  const shuffle = random(5);
  const perRun: {
    kind: string;
    key: string;
    ms: number;
    floorMs: number;
    total: number;
    more: boolean;
  }[][] = [];
  for (let run = 0; run < runs; run += 1) {
    const order = [...list, ...list, ...list].sort(() => shuffle() - 0.5);
    const times: (typeof perRun)[number] = [];
    for (const probe of order) {
      const start = performance.now();
      const answer = await api.call('patron.search', probe.input);
      const ms = performance.now() - start;
      times.push({
        kind: probe.kind,
        key: probeKey(probe),
        ms,
        floorMs: floorOf(probe),
        total: answer.total,
        more: answer.more,
      });
    }
    perRun.push(times);
  }
  // What each text finds (the first run's answers), so that a faster search is seen to find the same.
  const found = new Map<string, string>();
  for (const probe of list) {
    const answer = await api.call('patron.search', probe.input);
    found.set(probeKey(probe), `${answer.total}${answer.more ? '+' : ''}`);
  }
  const patrons = sqlite.prepare('SELECT count(*) FROM patron').pluck().get() as number;
  // Not typed text but what opening the Lecteurs screen asks (the whole registry, exact count), apart.
  const opening: [string, Query][] = [
    ['liste entière', { text: '', status: 'all', duplicates: false, offset: 0, limit: patronPageSize }],
    [
      'liste d’une bibliothèque',
      {
        text: '',
        status: 'all',
        duplicates: false,
        offset: 0,
        limit: patronPageSize,
        libraryId: sample.library_id,
      },
    ],
    ['doublons à examiner', { text: '', status: 'all', duplicates: true, offset: 0, limit: 1 }],
  ];
  const openingMs = new Map<string, number[]>();
  for (let i = 0; i < 10; i += 1)
    for (const [name, input] of opening) {
      const start = performance.now();
      await api.call('patron.search', input);
      openingMs.set(name, [...(openingMs.get(name) ?? []), performance.now() - start]);
    }
  await context.close();
  return { perRun, found, patrons, openingMs };
}

if (mode === '--setup') {
  await setUp(modeDatabase as string);
  process.exit(0);
}

const keep = process.env.BENCH_DATABASE;
const dir = keep ? path.dirname(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-search-bench-'));
const databasePath = keep ?? path.join(dir, 'search.sqlite');
if (!fs.existsSync(databasePath)) {
  const start = performance.now();
  const setup = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--setup', databasePath],
    {
      stdio: 'inherit',
    },
  );
  if (setup.status !== 0) throw new Error('La préparation de la base du banc d’essai a échoué.');
  console.log(`Base préparée en ${Math.round((performance.now() - start) / 1000)} s : ${databasePath}`);
}

const loadBefore = os.loadavg()[0] as number;
const { perRun, found, patrons, openingMs } = await measure(databasePath);
const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) as number,
  };
};
const fmt = (ms: number) => ms.toFixed(2);
const kinds = [...new Set(perRun[0]?.map((t) => t.kind))];
const verdict = (ok: boolean) => (ok ? 'OK' : 'AU-DESSUS');
console.log(
  `Recherche de lecteurs sur ${patrons} lecteurs — ${runs} essais de ${perRun[0]?.length} recherches, ordre mélangé, ` +
    `première page de ${patronPageSize} ; médiane des essais (puis chaque essai)`,
);
for (const kind of [...kinds, 'ENSEMBLE']) {
  const each = perRun.map((times) =>
    stats(times.filter((t) => kind === 'ENSEMBLE' || t.kind === kind).map((t) => t.ms)),
  );
  const floors = perRun.map((times) =>
    stats(times.filter((t) => kind === 'ENSEMBLE' || t.kind === kind).map((t) => t.floorMs)),
  );
  const m = (key: 'p50' | 'p95' | 'p99' | 'max') => median(each.map((s) => s[key]));
  const floorP95 = median(floors.map((s) => s.p95));
  console.log(
    `  ${kind.padEnd(15)} p50 ${fmt(m('p50'))}  p95 ${fmt(m('p95'))}  p99 ${fmt(m('p99'))}  max ${fmt(m('max'))} ms` +
      ` — plancher p95 ${fmt(floorP95)} ms, ratio ${(m('p95') / floorP95).toFixed(1)}` +
      ` — p95 des essais : ${each.map((s) => fmt(s.p95)).join(', ')}`,
  );
}
const overall = perRun.map((times) => stats(times.map((t) => t.ms)));
// Which searches make the p95: each probe's median over all its calls, the slowest first, with its floor.
const byProbe = new Map<string, { kind: string; ms: number[]; floorMs: number[] }>();
for (const t of perRun.flat()) {
  const entry = byProbe.get(t.key) ?? { kind: t.kind, ms: [], floorMs: [] };
  entry.ms.push(t.ms);
  entry.floorMs.push(t.floorMs);
  byProbe.set(t.key, entry);
}
const slowest = [...byProbe]
  .map(([key, e]) => ({ key, kind: e.kind, ms: median(e.ms), floorMs: median(e.floorMs) }))
  .sort((a, b) => b.ms - a.ms)
  .slice(0, 20);
console.log('  les 20 recherches les plus lentes (médiane de leurs appels, plancher) :');
for (const s of slowest)
  console.log(`    ${s.key.padEnd(34)} ${s.kind.padEnd(15)} ${fmt(s.ms)} ms — plancher ${fmt(s.floorMs)} ms`);
const p95 = median(overall.map((s) => s.p95));
console.log(
  `  p95 d’ensemble : ${fmt(p95)} ms (cible ≤ 5, visée ≤ 3,5) ${verdict(p95 <= 5)} — essais : ${overall.map((s) => fmt(s.p95)).join(', ')} ms`,
);
for (const [name, times] of openingMs)
  console.log(
    `  (hors recherche) ouverture de l’écran, ${name} : médiane ${fmt(median(times))} ms, max ${fmt(Math.max(...times))} ms`,
  );
console.log(
  `  charge de la machine (load average 1 min, ${os.cpus().length} cœurs) : ${loadBefore.toFixed(1)} au début, ${(os.loadavg()[0] as number).toFixed(1)} à la fin`,
);
console.log(`  trouvés (total, + : plus de 1 000) : ${JSON.stringify(Object.fromEntries(found))}`);
if (!keep) fs.rmSync(dir, { recursive: true, force: true });
