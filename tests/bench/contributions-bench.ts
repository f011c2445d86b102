/**
 * npx tsx tests/bench/contributions-bench.ts — the contributions figures, printed, not asserted:
 * (a) every EPCI of the département × 4 situations (the current one + 3 scenarios) through
 * `contributions.compute`, against a floor measured in the same run (the pure engine over the same lines);
 * (b) the full financing workbook (`report.financing` with 3 scenarios).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { createApi } from '../../shared/api.ts';
import { contribution, prorata, type Scenario } from '../../shared/domain/contributions/index.ts';
import type { Perimeter, Prorata } from '../../shared/domain/convention.ts';

const year = 2027;
const rounds = Number(process.env.BENCH_ROUNDS ?? 30);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-bench-'));
const context = await openAppContext({ databasePath: path.join(dir, 'bench.sqlite'), version: 'bench' });
const api = createApi(localInvoke(openGate(context)));
await api.call('settings.update', { staffName: 'Banc d’essai' });

// The setting: one convention per EPCI of the département, terms varied across them.
const epcis = await api.call('epci.list', {});
const rates = ['0.30', '0.25', '0.3125', '0.40', '0.35'];
const starts = ['2025-01-01', '2027-03-15', '2027-07-01', '2026-09-01', '2027-01-01'];
const ends = [null, '2029-12-31', '2027-10-31', null, '2028-06-30'];
const bases = ['totale', 'municipale'] as const;
const perimeters: Perimeter[] = ['departement', 'epci'];
const proratas: Prorata[] = ['days', 'months', 'none'];
for (const [index, epci] of epcis.entries()) {
  await api.call('convention.add', {
    epci: epci.siren,
    reference: `CONV-${year}-${String(index + 1).padStart(2, '0')}`,
    start: starts[index % starts.length] as string,
    end: ends[index % ends.length] ?? null,
    rate: rates[index % rates.length] as string,
    basis: bases[index % bases.length] as (typeof bases)[number],
    millesime: epci.millesime,
    perimeter: perimeters[index % perimeters.length] as Perimeter,
    prorata: proratas[index % proratas.length] as Prorata,
    floor: index % 3 === 0 ? '1500' : null,
    cap: index % 4 === 1 ? '12000' : null,
  });
}

// Three scenarios: a uniform higher rate, everyone on a full year, and half the EPCI with a floor and cap.
const scenario = (name: string, change: (index: number) => Partial<Scenario['conventions'][number]>) => ({
  name,
  year,
  conventions: epcis.map((epci, index) => ({
    epci: epci.siren,
    rate: rates[index % rates.length] as string,
    start: `${year}-01-01`,
    end: null,
    basis: bases[index % bases.length] as (typeof bases)[number],
    millesime: epci.millesime,
    perimeter: perimeters[index % perimeters.length] as Perimeter,
    prorata: 'none' as Prorata,
    floor: null,
    cap: null,
    ...change(index),
  })),
});
const scenarios: Scenario[] = [
  scenario('Taux unique à 0,35 €', () => ({ rate: '0.35' })),
  scenario('Année pleine au taux actuel', () => ({})),
  scenario('Plancher et plafond', (index) =>
    index % 2 === 0 ? { floor: '2000', cap: '15000', prorata: 'months', start: `${year}-04-01` } : {},
  ),
];

async function computeAll() {
  const current = await api.call('contributions.compute', { year });
  const others = [];
  for (const entry of scenarios)
    others.push(await api.call('contributions.compute', { year, scenario: entry }));
  return [current, ...others];
}

// Warm up, then take the median of `rounds` runs (one run = 4 situations × every EPCI).
const results = await computeAll();
const lines = results.flatMap((entry) => entry.lines);
const missing = results.reduce((sum, entry) => sum + entry.missing.length, 0);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const computeTimes: number[] = [];
for (let round = 0; round < rounds; round += 1) {
  const start = performance.now();
  await computeAll();
  computeTimes.push(performance.now() - start);
}

/** The floor: the pure engine (prorata + contribution) over the same lines, nothing read or validated. */
function engineFloor(): number {
  const start = performance.now();
  let total = 0;
  for (const entry of lines) {
    const share = prorata(entry.prorataRule, entry, year);
    total += contribution({
      population: entry.population ?? 0,
      rateE4: entry.rateE4,
      prorata: share,
      floorCents: entry.floorCents,
      capCents: entry.capCents,
    }).amountCents;
  }
  if (total !== results.reduce((sum, entry) => sum + entry.totalCents, 0)) {
    throw new Error('The floor does not find the handler’s totals.');
  }
  return performance.now() - start;
}
engineFloor();
const floorTimes = Array.from({ length: rounds }, engineFloor);

// (b) The financing workbook with 3 scenarios, through the same handler the UI calls.
await api.call('report.financing', { year, scenarios });
const reportTimes: number[] = [];
let reportBytes = 0;
for (let round = 0; round < 5; round += 1) {
  const start = performance.now();
  const report = await api.call('report.financing', { year, scenarios });
  reportTimes.push(performance.now() - start);
  reportBytes = Buffer.from(report.content, 'base64').length;
}

const computeMs = median(computeTimes);
const floorMs = median(floorTimes);
const reportMs = median(reportTimes);
const figures = {
  year,
  epci: epcis.length,
  situations: results.length,
  lines: lines.length,
  missing,
  rounds,
  computeMs: Number(computeMs.toFixed(2)),
  computeMaxMs: Number(Math.max(...computeTimes).toFixed(2)),
  floorMs: Number(floorMs.toFixed(3)),
  ratio: Number((computeMs / floorMs).toFixed(1)),
  reportMs: Math.round(reportMs),
  reportMaxMs: Math.round(Math.max(...reportTimes)),
  reportKb: Math.round(reportBytes / 1024),
};
const verdict = (ok: boolean) => (ok ? 'OK' : 'AU-DESSUS');
const fr = (value: number, digits = 2) => value.toFixed(digits).replace('.', ',');
console.log(
  `Contributions ${year} : ${epcis.length} EPCI × ${results.length} situations = ${lines.length} lignes` +
    (missing > 0 ? ` (${missing} sans population)` : ''),
);
console.log(
  `  calcul (contributions.compute × ${results.length}, médiane sur ${rounds}) : ${fr(computeMs)} ms (cible ≤ 10) ${verdict(computeMs <= 10)} ; maximum ${fr(figures.computeMaxMs)} ms`,
);
console.log(
  `  plancher (moteur pur sur les mêmes lignes) : ${fr(floorMs, 3)} ms ; ratio ${fr(figures.ratio, 1)}`,
);
console.log(
  `Rapport de financement (report.financing, 3 scénarios, médiane sur 5) : ${figures.reportMs} ms (cible ≤ 1500) ${verdict(reportMs <= 1500)} ; ${figures.reportKb} Ko`,
);
console.log(JSON.stringify(figures));
await context.close();
if (process.env.BENCH_KEEP) console.log(`Base conservée : ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
