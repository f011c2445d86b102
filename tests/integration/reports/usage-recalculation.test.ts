import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFinancingWorkbook } from '../../../electron/services/reports/financing-workbook.ts';
import { usageLayout, usageTotalRow } from '../../../electron/services/reports/usage-sheet.ts';
import { computeUsageIndicators } from '../../../shared/domain/usage/indicators.ts';
import { tempDir } from '../../helpers/temp.ts';
import { csvCell, hasLibreOffice, poisoned, recalculateToCsv } from './libreoffice.ts';

const dir = tempDir('mednum-reports-usage-');

/**
 * Costs per use that fall exactly on half a cent (5 cents over 2 uses = 2.5 cents → 0.03 €; 1 001 cents
 * over 2 patrons = 500.5 → 5.01 €), where a spreadsheet's floating point and the app's exact half-up
 * rounding could part: recalculated by LibreOffice, the sheet must give the app's exact figures.
 */
const data = computeUsageIndicators({
  year: 2026,
  usage: [
    { platform: 'Cafeyn', metric: 'Total_Item_Requests', count: 2 },
    { platform: 'Tout apprendre', metric: 'Total_Item_Requests', count: 3_333 },
    { platform: '=Plateforme piégée', metric: 'Total_Item_Requests', count: 7 },
  ],
  costs: [
    { id: 'a', vendor: 'cafeyn', label: 'Presse', amountCents: 5 },
    { id: 'b', vendor: 'Tout Apprendre', label: 'Autoformation', amountCents: 1_001 },
    { id: 'c', vendor: 'Hébergeur', label: 'Portail', amountCents: 99_999 },
  ],
  activity: {
    fetchedAt: '2026-12-05T22:00:00.000Z',
    active: 9,
    platforms: [{ clientId: 'ta', name: 'Tout apprendre', active: 2 }],
  },
  epci: [],
});

describe.skipIf(!hasLibreOffice)('« Usages » recalculated by LibreOffice', () => {
  it('gives the app’s exact costs per use and per active patron, halves of a cent included', async () => {
    const file = path.join(dir, 'usages.xlsx');
    const content = await writeFinancingWorkbook({
      year: 2026,
      generatedAt: new Date('2026-12-05T22:00:00Z'),
      generatedBy: 'Test',
      departement: '46',
      scenarios: [{ year: 2026, scenario: null, lines: [], totalCents: 0, missing: [] }],
      usage: data,
    });
    fs.writeFileSync(file, await poisoned(content));
    const sheet = (await recalculateToCsv(file, dir)).get('Usages') ?? [];
    const value = (address: string) => {
      const raw = csvCell(sheet, address);
      return raw === '' ? null : Number(raw).toFixed(2);
    };
    let row = usageLayout.firstRow;
    for (const p of data.platforms) {
      expect(csvCell(sheet, `A${row}`).trim()).toBe(p.platform);
      expect(value(`D${row}`), p.platform).toBe(p.costPerUse);
      expect(value(`F${row}`), p.platform).toBe(p.costPerActivePatron);
      row += 1;
    }
    expect(data.platforms.find((p) => p.platform === 'Cafeyn')?.costPerUse).toBe('0.03');
    expect(data.platforms.find((p) => p.platform === 'Tout apprendre')?.costPerActivePatron).toBe('5.01');
    const total = usageTotalRow(data);
    expect(Number(csvCell(sheet, `B${total}`))).toBe(data.departement.requests);
    expect(value(`C${total}`)).toBe((data.departement.costCents / 100).toFixed(2));
    expect(value(`D${total}`)).toBe(data.departement.costPerUse);
    expect(value(`F${total}`)).toBe(data.departement.costPerActivePatron);
    expect(sheet.flat().filter((cell) => cell.startsWith('#') || cell.startsWith('Err:'))).toEqual([]);
  }, 120_000);
});
