import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { replaceActivity } from '../../../db/queries/access-activity.ts';
import type { AppContext } from '../../../electron/services/context.ts';
import { bnrSheets } from '../../../electron/services/reports/bnr-sheets.ts';
import {
  surveyFirstRow,
  surveyItemKeys,
  surveySheetName,
} from '../../../electron/services/reports/survey-sheet.ts';
import type { Api } from '../../../shared/api.ts';
import { grandFigeac, grandFigeacConvention2027, openTestApp, quercyBlanc } from '../../helpers/app.ts';
import { forbiddenWordsIn } from '../../helpers/forbidden-words.ts';
import { repoRoot, tempDir } from '../../helpers/temp.ts';
import { hasLibreOffice, poisoned, recalculateToCsv } from './libreoffice.ts';

/**
 * Issue 18's « Must show »: the « Dossier BNR » and the yearly survey, from files whose every cached
 * formula result is wrong, recalculated by LibreOffice, give the app's figures (indicators.compute,
 * indicators.usage, contributions) — every derived figure being a formula over its source sheet.
 */
const dir = tempDir('mednum-bnr-');
const years = [2025, 2026, 2027];
let api: Api;
let context: AppContext;

const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, 'tests/fixtures/usage', name));

beforeAll(async () => {
  ({ api, context } = await openTestApp(dir, 'bnr.sqlite'));
  await api.call('convention.add', {
    ...grandFigeacConvention2027,
    reference: 'GF-2026',
    start: '2026-01-01',
  });
  await api.call('convention.add', {
    ...grandFigeacConvention2027,
    epci: quercyBlanc,
    reference: 'QB-2025',
    rate: '0.25',
    start: '2025-03-01',
  });
  for (const status of ['in_discussion', 'convention_drafted', 'convention_signed', 'active'] as const)
    await api.call('epci.setStatus', { siren: grandFigeac, status });
  const figeac = await api.call('library.add', {
    name: 'Médiathèque de Figeac',
    commune: '46102',
    ils: 'koha',
    participating: true,
    participatingSince: '2026-01-01',
  });
  await api.call('library.add', { name: 'Bibliothèque du lycée', commune: '46102', ils: 'koha' });
  const file = 'N° carte;Nom;Prénom\r\nA1;Un;Anne\r\nA2;Deux;Bruno\r\nA3;Trois;Carla\r\nA4;Quatre;Denis\r\n';
  const session = await api.call('import.open', {
    libraryId: figeac.id,
    fileName: 'lecteurs.csv',
    content: Buffer.from(file, 'latin1').toString('base64'),
  });
  await api.call('import.commit', { sessionId: session.sessionId });

  const costs: [number, string, string, string][] = [
    [2025, 'Cafeyn', 'Presse', '10 000'],
    [2026, 'CAFEYN', 'Presse', '12 000'],
    [2026, ' tout  Apprendre ', 'Autoformation', '4 500,50'],
    [2026, 'Hébergeur', 'Portail', '999,99'],
    [2027, 'Cafeyn', 'Presse', '12 500,33'],
  ];
  for (const [year, vendor, label, amount] of costs)
    await api.call('cost.add', { year, vendor, label, pricing: 'flat', amount });

  for (const fileName of ['pr-r5-cafeyn.json', 'pr-r51-tout-apprendre.json']) {
    const content = fixture(fileName).toString('base64');
    const preview = await api.call('usage.preview', { fileName, content });
    expect(preview.importable).toBe(true);
    await api.call('usage.commit', { fileName, content, sha256: preview.sha256 });
  }
  await replaceActivity(
    context.database.db,
    {
      year: 2026,
      active: 301,
      libraries: [{ libraryId: figeac.id, active: 251 }],
      platforms: [
        { clientId: 'cafeyn-client', name: 'Cafeyn', active: 181 },
        { clientId: 'ta', name: 'Tout Apprendre', active: 143 },
      ],
      months: [{ month: 1, active: 120 }],
    },
    '2026-07-10T08:00:00.000Z',
  );
});

/** A recalculated number; null for an empty cell. */
const num = (raw: string | undefined) => (raw === undefined || raw === '' ? null : Number(raw));
const cents = (raw: string | undefined) => Math.round((num(raw) as number) * 100);
const fixed = (raw: string | undefined, digits: number) => {
  const value = num(raw);
  return value === null ? null : value.toFixed(digits);
};

async function recalculated(base64: string, name: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, await poisoned(Buffer.from(base64, 'base64')));
  return recalculateToCsv(file, dir);
}

/** The first row index (0-based) at or after `from` whose column A is `text`. */
const rowOf = (rows: string[][], text: string, from = 0) =>
  rows.findIndex((r, i) => i >= from && r[0] === text);

describe.skipIf(!hasLibreOffice)('« Dossier BNR » and the yearly survey recalculated by LibreOffice', () => {
  it('the Dossier BNR gives the app’s territory, budget and usage figures', async () => {
    const report = await api.call('report.bnr', { from: 2025, to: 2027 });
    expect(report.fileName).toBe('dossier-bnr-2025-2027.xlsx');
    const sheets = await recalculated(report.content, report.fileName);
    expect([...sheets.keys()].sort()).toEqual(Object.values(bnrSheets).sort());
    const text = [...sheets.values()].flat(2).join('\n');
    expect(text).not.toContain('999999');
    expect(forbiddenWordsIn([text])).toEqual([]);

    // Territoire: per EPCI, then the covered population and share.
    const last = await api.call('indicators.compute', { year: 2027 });
    const territory = sheets.get(bnrSheets.territory) as string[][];
    for (const epci of last.epci) {
      const row = territory.find((r) => r[1] === epci.epci) as string[];
      expect(row[0]).toBe(epci.name);
      expect(num(row[3])).toBe(epci.population);
      expect(num(row[5])).toBe(epci.patrons);
      expect(row[6]).toBe(epci.active ? 'oui' : 'non');
    }
    expect(num(territory.find((r) => r[1] === grandFigeac)?.[4])).toBe(2);
    const covered = territory[rowOf(territory, 'Population couverte (EPCI participants)')] as string[];
    expect(num(covered[3])).toBe(last.coveredPopulation);
    const share = territory[rowOf(territory, 'Part de la population couverte (%)')] as string[];
    expect(fixed(share[3], 1)).toBe(last.coveredShare);

    // Budget: per year, cost, contributions and the Département's share.
    const budget = sheets.get(bnrSheets.budget) as string[][];
    for (const year of years) {
      const figures = await api.call('indicators.compute', { year });
      const row = budget.find((r, i) => i >= 4 && r[0] === String(year)) as string[];
      expect(cents(row[1])).toBe(figures.costCents);
      expect(cents(row[2])).toBe(figures.contributionsCents);
      expect(cents(row[3])).toBe(figures.departementShareCents);
    }
    const contributions2026 = await api.call('contributions.compute', { year: 2026 });
    expect(contributions2026.totalCents).toBeGreaterThan(0);

    // Usages: per year and platform, the Département, the penetration per EPCI.
    const usage = sheets.get(bnrSheets.usage) as string[][];
    const department = rowOf(usage, 'Ensemble du Département');
    const penetration = rowOf(usage, 'Taux de pénétration par EPCI (lecteurs actifs pour 1 000 habitants)');
    let checked = 0;
    for (const year of years) {
      const expected = await api.call('indicators.usage', { year });
      for (const p of expected.platforms) {
        const row = usage.find((r, i) => i < department && r[0] === String(year) && r[1] === p.platform);
        expect(row, `${year} ${p.platform}`).toBeDefined();
        expect(num(row?.[2])).toBe(p.requests);
        expect(num(row?.[3])).toBe(p.activePatrons);
        expect(row?.[4] === '' ? null : cents(row?.[4])).toBe(p.costCents);
        expect(fixed(row?.[5], 2)).toBe(p.costPerUse);
        expect(fixed(row?.[6], 2)).toBe(p.costPerActivePatron);
        checked += 1;
      }
      const dep = usage.find(
        (r, i) => i > department && i < penetration && r[0] === String(year),
      ) as string[];
      expect(num(dep[1])).toBe(expected.platforms.length);
      expect(num(dep[2])).toBe(expected.departement.requests);
      expect(num(dep[3])).toBe(expected.departement.activePatrons);
      expect(cents(dep[4])).toBe(expected.departement.costCents);
      expect(fixed(dep[5], 2)).toBe(expected.departement.costPerUse);
      expect(fixed(dep[6], 2)).toBe(expected.departement.costPerActivePatron);
      for (const e of expected.epci) {
        const row = usage.find(
          (r, i) => i > penetration && r[0] === String(year) && r[1] === e.name,
        ) as string[];
        expect(num(row[3])).toBe(e.population);
        expect(num(row[4])).toBe(e.activePatrons);
        expect(fixed(row[5], 1)).toBe(e.per1000);
      }
      const together = usage.find(
        (r, i) => i > penetration && r[0] === String(year) && r[1] === 'EPCI couverts ensemble',
      ) as string[];
      expect(fixed(together[5], 1)).toBe(expected.coveredPer1000);
    }
    // Two platforms with usage in 2026 (and their cost lines), a cost line alone in 2025 and 2027.
    expect(checked).toBeGreaterThanOrEqual(2);
    const usage2026 = await api.call('indicators.usage', { year: 2026 });
    expect(usage2026.platforms.filter((p) => p.costPerUse !== null)).toHaveLength(2);
    expect(usage2026.coveredPer1000).not.toBeNull();
  });

  it('the survey gives the app’s figures, each a formula into the data sheets', async () => {
    const report = await api.call('report.survey', { year: 2026 });
    expect(report.fileName).toBe('enquete-ressources-numeriques-2026.xlsx');
    const sheets = await recalculated(report.content, report.fileName);
    const survey = sheets.get(surveySheetName(2026)) as string[][];
    const value = (key: (typeof surveyItemKeys)[number]) =>
      survey[surveyFirstRow - 1 + surveyItemKeys.indexOf(key)]?.[1];
    const usage = await api.call('indicators.usage', { year: 2026 });
    const figures = await api.call('indicators.compute', { year: 2026 });
    const counts = await api.call('eligibility.counts', {});
    const libraries = await api.call('library.list', {});
    expect(num(value('platforms'))).toBe(usage.platforms.length);
    expect(cents(value('expenses'))).toBe(figures.costCents);
    expect(cents(value('contributions'))).toBe(figures.contributionsCents);
    expect(num(value('uses'))).toBe(usage.departement.requests);
    expect(num(value('activePatrons'))).toBe(usage.departement.activePatrons);
    expect(fixed(value('costPerUse'), 2)).toBe(usage.departement.costPerUse);
    expect(fixed(value('costPerActive'), 2)).toBe(usage.departement.costPerActivePatron);
    expect(num(value('libraries'))).toBe(libraries.filter((l) => l.participating).length);
    expect(num(value('patronsWithAccess'))).toBe(counts.libraries.reduce((s, l) => s + l.eligible, 0));
    expect(num(value('coveredPopulation'))).toBe(figures.coveredPopulation);
    expect(fixed(value('coveredShare'), 1)).toBe(figures.coveredShare);
    expect(num(value('uses'))).toBeGreaterThan(0);
  });
});
