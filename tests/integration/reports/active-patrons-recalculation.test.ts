import fs from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ActivePatronsFigures } from '../../../electron/services/active-patrons.ts';
import {
  activePatronsLayout,
  activePatronsTotalRow,
} from '../../../electron/services/reports/active-patrons-sheet.ts';
import { writeFinancingWorkbook } from '../../../electron/services/reports/financing-workbook.ts';
import { fractionToDecimalString } from '../../../shared/domain/contributions/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { csvCell, hasLibreOffice, poisoned, recalculateToCsv } from './libreoffice.ts';

const dir = tempDir('mednum-reports-active-');

/**
 * Shares and rates that fall exactly on a half (1/8 = 12.5 %, 1/16 = 6.25 % → 6.3, 1/40 = 2.5 %…), where a
 * spreadsheet's ROUND on floating point and the app's exact half-up rounding could part: the sheet's
 * formulas, recalculated by LibreOffice, must give the app's exact decimal strings.
 */
const figures: ActivePatronsFigures = {
  year: 2026,
  millesime: 2022,
  fetchedAt: '2026-12-05T22:00:00.000Z',
  departementActive: 40,
  epci: [
    {
      siren: '200067361',
      name: 'CC Grand-Figeac',
      population: 16,
      covered: true,
      libraries: [
        { name: 'Médiathèque de Figeac', active: 1, registered: 8 },
        { name: 'Bibliothèque de Capdenac', active: 1, registered: 16 },
      ],
    },
    {
      siren: '200039519',
      name: 'CC du Quercy Blanc',
      population: 3_915,
      covered: false,
      libraries: [
        { name: 'Médiathèque de Montcuq', active: 3, registered: 40 },
        { name: '=Bibliothèque piégée', active: 0, registered: 0 },
      ],
    },
    { siren: '200066306', name: 'CC Sans bibliothèque', population: 1_000, covered: true, libraries: [] },
  ],
  outside: [{ name: 'Bibliothèque départementale', active: 35, registered: 70 }],
};

const exact = (numerator: number, denominator: number) =>
  denominator > 0 ? fractionToDecimalString({ numerator, denominator }, 1) : null;

async function workbook() {
  return writeFinancingWorkbook({
    year: 2026,
    generatedAt: new Date('2026-12-05T22:00:00Z'),
    generatedBy: 'Test',
    departement: '46',
    scenarios: [{ year: 2026, scenario: null, lines: [], totalCents: 0, missing: [] }],
    activePatrons: figures,
  });
}

describe.skipIf(!hasLibreOffice)('« Lecteurs actifs » recalculated by LibreOffice', () => {
  it('gives the app’s exact one-decimal figures, halves included; the Département keeps its distinct count', async () => {
    const file = path.join(dir, 'lecteurs-actifs.xlsx');
    fs.writeFileSync(file, await poisoned(await workbook()));
    const sheet = (await recalculateToCsv(file, dir)).get('Lecteurs actifs') ?? [];
    const value = (address: string) => {
      const raw = csvCell(sheet, address);
      return raw === '' ? null : Number(raw).toFixed(1);
    };
    let row = activePatronsLayout.firstRow;
    for (const epci of figures.epci) {
      const active = epci.libraries.reduce((sum, l) => sum + l.active, 0);
      const registered = epci.libraries.reduce((sum, l) => sum + l.registered, 0);
      expect(csvCell(sheet, `A${row}`)).toBe(epci.name);
      expect(Number(csvCell(sheet, `C${row}`))).toBe(active);
      expect(Number(csvCell(sheet, `D${row}`))).toBe(registered);
      expect(value(`F${row}`), epci.name).toBe(exact(active * 100, registered));
      expect(value(`G${row}`), epci.name).toBe(exact(active * 1000, epci.population));
      row += 1;
      for (const library of epci.libraries) {
        expect(value(`F${row}`), library.name).toBe(exact(library.active * 100, library.registered));
        row += 1;
      }
    }
    // The formula-looking name stays text.
    expect(sheet.some((cells) => cells[0]?.trim() === '=Bibliothèque piégée')).toBe(true);
    expect(value(`F${activePatronsLayout.firstRow + 1}`)).toBe('12.5');
    expect(value(`F${activePatronsLayout.firstRow + 2}`)).toBe('6.3');

    const total = activePatronsTotalRow(figures);
    const registered = 8 + 16 + 40 + 0 + 70;
    const covered = 16 + 1_000;
    expect(Number(csvCell(sheet, `C${total}`))).toBe(40);
    expect(Number(csvCell(sheet, `D${total}`))).toBe(registered);
    expect(Number(csvCell(sheet, `E${total}`))).toBe(covered);
    expect(value(`F${total}`)).toBe(exact(4000, registered));
    expect(value(`G${total}`)).toBe(exact(40_000, covered));
  }, 120_000);

  it('is live: a library’s active patrons changed in the sheet move its EPCI’s sum and ratios', async () => {
    const file = path.join(dir, 'lecteurs-actifs-modifie.xlsx');
    const first = activePatronsLayout.firstRow;
    fs.writeFileSync(
      file,
      await poisoned(await workbook(), (book: ExcelJS.Workbook) => {
        const sheet = book.getWorksheet('Lecteurs actifs');
        if (sheet) sheet.getCell(`C${first + 1}`).value = 5;
      }),
    );
    const sheet = (await recalculateToCsv(file, dir)).get('Lecteurs actifs') ?? [];
    expect(Number(csvCell(sheet, `C${first}`))).toBe(6);
    expect(Number(csvCell(sheet, `F${first}`)).toFixed(1)).toBe(exact(600, 24));
    expect(Number(csvCell(sheet, `G${first}`)).toFixed(1)).toBe(exact(6000, 16));
  }, 120_000);

  it('never pulled: the sheet says so, and the Département’s ratios stay empty (no error value)', async () => {
    const file = path.join(dir, 'lecteurs-actifs-jamais.xlsx');
    const never = { ...figures, fetchedAt: null, departementActive: null };
    const content = await writeFinancingWorkbook({
      year: 2026,
      generatedAt: new Date('2026-12-05T22:00:00Z'),
      generatedBy: 'Test',
      departement: '46',
      scenarios: [{ year: 2026, scenario: null, lines: [], totalCents: 0, missing: [] }],
      activePatrons: never,
    });
    fs.writeFileSync(file, await poisoned(content));
    const sheet = (await recalculateToCsv(file, dir)).get('Lecteurs actifs') ?? [];
    expect(csvCell(sheet, 'A3')).toMatch(/^Pas encore de chiffres de connexion pour 2026/);
    const total = activePatronsTotalRow(never);
    expect(csvCell(sheet, `C${total}`)).toBe('');
    expect(csvCell(sheet, `F${total}`)).toBe('');
    expect(csvCell(sheet, `G${total}`)).toBe('');
    expect(sheet.flat().filter((cell) => cell.startsWith('#') || cell.startsWith('Err:'))).toEqual([]);
  }, 120_000);
});
