import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { replaceActivity } from '../../db/queries/access-activity.ts';
import { usageLayout, usageTotalRow } from '../../electron/services/reports/usage-sheet.ts';
import { grandFigeac, grandFigeacConvention2027, openTestApp } from '../helpers/app.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, 'tests/fixtures/usage', name), 'utf8');
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The fixture's sum of one metric over 2026, read straight from its R5 JSON (Instance lists). */
function r5Sum(text: string, metric: string): number {
  type R5 = { Report_Items: { Performance: { Instance: { Metric_Type: string; Count: number }[] }[] }[] };
  let sum = 0;
  for (const item of (JSON.parse(text) as R5).Report_Items)
    for (const p of item.Performance)
      for (const i of p.Instance) if (i.Metric_Type === metric) sum += i.Count;
  return sum;
}
/** The same from an R5.1 JSON (Attribute_Performance → Performance → metric → month → count). */
function r51Sum(text: string, metric: string): number {
  type R51 = {
    Report_Items: { Attribute_Performance: { Performance: Record<string, Record<string, number>> }[] }[];
  };
  let sum = 0;
  for (const item of (JSON.parse(text) as R51).Report_Items)
    for (const a of item.Attribute_Performance)
      for (const n of Object.values(a.Performance[metric] ?? {})) sum += n;
  return sum;
}

describe('indicators.usage on a real SQLite file', async () => {
  const dir = tempDir();
  const { api, context } = await openTestApp(dir, 'usage-indicators.sqlite');
  const cafeyn = fixture('pr-r5-cafeyn.json');
  const tout = fixture('pr-r51-tout-apprendre.json');

  it('equals an independent computation from the imported reports, cost lines and active patrons', async () => {
    for (const [fileName, text] of [
      ['cafeyn.json', cafeyn],
      ['tout.json', tout],
    ] as const) {
      const content = base64(text);
      const preview = await api.call('usage.preview', { fileName, content });
      expect(preview.importable).toBe(true);
      await api.call('usage.commit', { fileName, content, sha256: preview.sha256 });
    }
    // Vendors typed differently from the reports' Platform: matched once case, accents, spaces are folded.
    await api.call('cost.add', {
      year: 2026,
      vendor: 'CAFEYN',
      label: 'Presse',
      pricing: 'flat',
      amount: '12 000',
    });
    await api.call('cost.add', {
      year: 2026,
      vendor: ' tout  Apprendre ',
      label: 'Autoformation',
      pricing: 'flat',
      amount: '4 500,50',
    });
    await api.call('cost.add', {
      year: 2026,
      vendor: 'Hébergeur',
      label: 'Portail',
      pricing: 'flat',
      amount: '999,99',
    });

    const before = await api.call('indicators.usage', { year: 2026 });
    expect(before.activityFetchedAt).toBeNull();
    expect(before.departement.activePatrons).toBeNull();
    expect(before.coveredPer1000).toBeNull();

    const library = await api.call('library.add', {
      name: 'Médiathèque de Figeac',
      commune: '46102',
      ils: 'koha',
    });
    await api.call('convention.add', { ...grandFigeacConvention2027, start: '2026-01-01' });
    for (const status of ['in_discussion', 'convention_drafted', 'convention_signed', 'active'] as const)
      await api.call('epci.setStatus', { siren: grandFigeac, status });
    await replaceActivity(
      context.database.db,
      {
        year: 2026,
        active: 300,
        libraries: [{ libraryId: library.id, active: 250 }],
        platforms: [
          { clientId: 'cafeyn-client', name: 'Cafeyn', active: 180 },
          { clientId: 'ta', name: 'Tout Apprendre', active: 140 },
        ],
        months: [{ month: 1, active: 120 }],
      },
      '2026-07-10T08:00:00.000Z',
    );

    const result = await api.call('indicators.usage', { year: 2026 });
    const compute = await api.call('indicators.compute', { year: 2026 });
    const figeacPopulation = compute.epci.find((e) => e.epci === grandFigeac)?.population as number;
    const coveredPopulation = compute.epci.filter((e) => e.active).reduce((s, e) => s + e.population, 0);
    // Independent: exact euros per use with two decimals, computed with plain arithmetic (cents stay integers).
    const euros2 = (cents: number, n: number) => (Math.round(cents / n) / 100).toFixed(2);
    const cafeynUses = r5Sum(cafeyn, 'Total_Item_Requests');
    const toutUses = r51Sum(tout, 'Total_Item_Requests');

    expect(result.activityFetchedAt).toBe('2026-07-10T08:00:00.000Z');
    expect(result.platforms).toEqual(
      expect.arrayContaining([
        {
          platform: 'Cafeyn',
          requests: cafeynUses,
          uniqueTitleRequests: r5Sum(cafeyn, 'Unique_Title_Requests'),
          investigations: r5Sum(cafeyn, 'Total_Item_Investigations'),
          costCents: 1_200_000,
          costLines: 1,
          costPerUse: euros2(1_200_000, cafeynUses),
          activePatrons: 180,
          costPerActivePatron: euros2(1_200_000, 180),
        },
        {
          platform: 'Tout apprendre',
          requests: toutUses,
          uniqueTitleRequests: r51Sum(tout, 'Unique_Title_Requests'),
          investigations: r51Sum(tout, 'Total_Item_Investigations'),
          costCents: 450_050,
          costLines: 1,
          costPerUse: euros2(450_050, toutUses),
          activePatrons: 140,
          costPerActivePatron: euros2(450_050, 140),
        },
      ]),
    );
    expect(result.platforms).toHaveLength(2);
    expect(result.unmatchedCosts).toMatchObject([{ vendor: 'Hébergeur', amountCents: 99_999 }]);
    const totalCost = 1_200_000 + 450_050 + 99_999;
    expect(result.departement).toEqual({
      requests: cafeynUses + toutUses,
      uniqueTitleRequests: r5Sum(cafeyn, 'Unique_Title_Requests') + r51Sum(tout, 'Unique_Title_Requests'),
      investigations: r5Sum(cafeyn, 'Total_Item_Investigations') + r51Sum(tout, 'Total_Item_Investigations'),
      costCents: totalCost,
      costPerUse: euros2(totalCost, cafeynUses + toutUses),
      activePatrons: 300,
      costPerActivePatron: euros2(totalCost, 300),
    });
    const figeac = result.epci.find((e) => e.epci === grandFigeac);
    expect(figeac).toMatchObject({
      covered: true,
      population: figeacPopulation,
      activePatrons: 250,
      per1000: ((250 * 1000) / figeacPopulation).toFixed(1),
    });
    expect(coveredPopulation).toBe(figeacPopulation);
    expect(result.coveredPer1000).toBe(((250 * 1000) / coveredPopulation).toFixed(1));
    expect(result.epci.filter((e) => e.epci !== grandFigeac).every((e) => e.activePatrons === 0)).toBe(true);
  });

  it('the financing workbook’s « Usages » sheet carries the same figures', async () => {
    const expected = await api.call('indicators.usage', { year: 2026 });
    const report = await api.call('report.financing', { year: 2026 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(report.content, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Usages');
    expect(sheet).toBeDefined();
    const cached = (address: string) => {
      const cell = sheet?.getCell(address);
      const raw = cell?.formula ? cell.result : cell?.value;
      return raw === '' || raw === undefined || raw === null ? null : Number(raw).toFixed(2);
    };
    expected.platforms.forEach((p, i) => {
      const row = usageLayout.firstRow + i;
      expect(sheet?.getCell(`A${row}`).value).toBe(p.platform);
      expect(cached(`D${row}`)).toBe(p.costPerUse);
      expect(cached(`F${row}`)).toBe(p.costPerActivePatron);
    });
    const total = usageTotalRow(expected);
    expect(cached(`D${total}`)).toBe(expected.departement.costPerUse);
    expect(cached(`F${total}`)).toBe(expected.departement.costPerActivePatron);
  });
});
