import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bandCells, epciCells } from '../../../electron/services/reports/financing-layout.ts';
import {
  calculationBandLayout,
  calculationCells,
} from '../../../electron/services/reports/statement-calculation.ts';
import { statementSheetName } from '../../../electron/services/reports/statement-workbook.ts';
import type { Api } from '../../../shared/api.ts';
import { AppError } from '../../../shared/errors.ts';
import { grandFigeac, grandFigeacConvention2027, openTestApp } from '../../helpers/app.ts';
import { forbiddenWordsIn } from '../../helpers/forbidden-words.ts';
import { tempDir } from '../../helpers/temp.ts';
import { csvCell, csvCents, hasLibreOffice, poisoned, recalculateToCsv } from './libreoffice.ts';
import { sheetTexts } from './statement-cases.ts';

/**
 * Issue 16's « Must show »: a STORED convention with degressive bands — the engine, the yearly statement
 * and the financing workbook agree to the cent, both workbooks recalculated by LibreOffice from files
 * whose every cached result is wrong.
 *
 * Grand-Figeac, totale 2022, every commune: 45 489 inhabitants; 10 000 at 0,30 €, 35 489 at 0,15 €:
 * 3 000,00 + 5 323,35 = 8 323,35 € a year (832 335 ten-thousandths); from 1 July 2027, 184 days of 365:
 * 832 335 × 184 / 365 / 100 = 4 195,8805… → 419 588 cents = 4 195,88 €.
 */
const dir = tempDir('mednum-stored-bands-');
const expectedCents = 419_588;
const bands = [
  { upTo: 10_000, rate: '0.30' },
  { upTo: null, rate: '0.15' },
];
let api: Api;

beforeAll(async () => {
  ({ api } = await openTestApp(dir, 'stored-bands.sqlite'));
  await api.call('convention.add', { ...grandFigeacConvention2027, bands });
});

const load = async (base64: string) => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return book;
};

/** Narrow and non-breaking spaces as plain ones, so expected text reads as typed. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('a stored convention with degressive bands', () => {
  it('is stored and read back with its bands, refused in French when they break the rules', async () => {
    const [stored] = (await api.call('epci.get', { siren: grandFigeac })).conventions;
    expect(stored).toMatchObject({ reference: 'GF-2027', rate: '0.30', bands });

    const refused = (wrong: unknown) =>
      api
        .call('convention.add', { ...grandFigeacConvention2027, start: '2031-01-01', bands: wrong as never })
        .then(
          () => null,
          (error: unknown) => (error instanceof AppError ? error.message : String(error)),
        );
    expect(
      await refused([
        { upTo: 10_000, rate: '0.25' },
        { upTo: null, rate: '0.15' },
      ]),
    ).toContain('Le taux de la première tranche (0,25 €) doit être le taux de la convention (0,30 €).');
    expect(
      await refused([
        { upTo: 10_000, rate: '0.30' },
        { upTo: 5_000, rate: '0.20' },
        { upTo: null, rate: '0.15' },
      ]),
    ).toContain('Les seuils doivent être croissants : 5000 habitants après 10000.');
    expect(
      await refused([
        { upTo: 10_000, rate: '0.30' },
        { upTo: 20_000, rate: '0.15' },
      ]),
    ).toContain('La dernière tranche n’a pas de seuil');
  });

  it('is computed by the engine band by band: 4 195,88 €', async () => {
    const result = await api.call('contributions.compute', { year: 2027 });
    const [line] = result.lines.filter((l) => l.epci === grandFigeac);
    expect(line).toMatchObject({
      source: 'convention',
      population: 45_489,
      rateE4: 3000,
      bands: [
        { upTo: 10_000, rate: '0.30', rateE4: 3000 },
        { upTo: null, rate: '0.15', rateE4: 1500 },
      ],
      prorataFraction: { numerator: 184, denominator: 365 },
      amountCents: expectedCents,
    });
    expect(plain(line?.steps.join('\n') ?? '')).toContain(
      'habitants 10 001 à 45 489 : 35 489 × 0,15 € = 5 323,35 €',
    );
  });

  it('agrees to the cent in the statement and the workbook, both recalculated by LibreOffice', async () => {
    const statement = await api.call('report.statement', { epci: grandFigeac, year: 2027 });
    const financing = await api.call('report.financing', { year: 2027, scenarios: [], keep: false });
    const statementBook = await load(statement.content);
    const financingBook = await load(financing.content);

    // The letter: the bands in words, nothing internal; « Calcul »: the bands table the amount sums.
    const letter = statementBook.getWorksheet(statementSheetName(2027));
    const calculation = statementBook.getWorksheet('Calcul');
    if (!letter || !calculation) throw new Error('statement sheets missing');
    const letterTexts = sheetTexts(letter);
    const letterText = plain(letterTexts.join('\n'));
    expect(letterText).toContain('0,30 € par habitant jusqu’à 10 000 habitants, puis 0,15 €');
    expect(letterText).toContain('des taux par habitant dégressifs par tranche d’habitants');
    expect(forbiddenWordsIn(letterTexts)).toEqual([]);
    const calcBand = (index: number) => bandCells(index, calculationBandLayout);
    expect(calculation.getCell(calcBand(1).rate).value).toBe(0.15);
    expect(calculation.getCell(calculationCells.exactCents).formula).toContain(
      `SUM(${calcBand(0).fullYearE4}:${calcBand(1).fullYearE4})`,
    );
    const epciSheet = financingBook.worksheets.find(
      (ws) => /Figeac/.test(ws.name) && ws.getCell(epciCells.amountCents).formula,
    );
    if (!epciSheet) throw new Error('no Grand-Figeac sheet in the financing workbook');
    expect(epciSheet.getCell(bandCells(1).rate).value).toBe(0.15);
    expect(epciSheet.getCell(epciCells.exactCents).formula).toContain('SUM(');
    // Synthèse: the rate shown is the first band's, and says so.
    const synthesis = financingBook.getWorksheet('Synthèse');
    expect(synthesis?.getCell('E5').numFmt).toContain('1re tranche');
    expect(synthesis?.getCell('E5').note).toBeTruthy();

    if (!hasLibreOffice) return;
    const statementFile = path.join(dir, 'appel-bandes.xlsx');
    const financingFile = path.join(dir, 'financement-bandes.xlsx');
    fs.writeFileSync(statementFile, await poisoned(Buffer.from(statement.content, 'base64')));
    fs.writeFileSync(financingFile, await poisoned(Buffer.from(financing.content, 'base64')));
    const [statementCsv, financingCsv] = await Promise.all([
      recalculateToCsv(statementFile, path.join(dir)),
      recalculateToCsv(financingFile, path.join(dir)),
    ]);
    const calc = statementCsv.get('Calcul') ?? [];
    const letterRows = statementCsv.get(statementSheetName(2027)) ?? [];
    const sheet = financingCsv.get(epciSheet.name) ?? [];

    // Statement « Calcul »: each band's inhabitants and full-year amount, then the cents.
    expect(Number(csvCell(calc, calcBand(0).inhabitants))).toBe(10_000);
    expect(Number(csvCell(calc, calcBand(1).inhabitants))).toBe(35_489);
    expect(Number(csvCell(calc, calcBand(1).fullYearE4))).toBe(35_489 * 1500);
    expect(Number(csvCell(calc, calculationCells.amountCents))).toBe(expectedCents);
    expect(csvCents(calc, calculationCells.amount)).toBe(expectedCents);
    // The letter's amount is the « Calcul » amount, recalculated.
    const dueRow = letterRows.findIndex((row) => row[0] === 'Participation 2027 due');
    expect(dueRow).toBeGreaterThan(0);
    expect(csvCents(letterRows, `C${dueRow + 1}`)).toBe(expectedCents);
    // Financing workbook: the convention's EPCI sheet.
    expect(Number(csvCell(sheet, bandCells(1).inhabitants))).toBe(35_489);
    expect(Number(csvCell(sheet, epciCells.amountCents))).toBe(expectedCents);
    expect(csvCents(sheet, epciCells.amount)).toBe(expectedCents);
  }, 240_000);

  it('is corrected by convention.update: the bands change, audited as one field, the amount follows', async () => {
    const [stored] = (await api.call('epci.get', { siren: grandFigeac })).conventions;
    if (!stored) throw new Error('no convention');
    const lower = [
      { upTo: 10_000, rate: '0.30' },
      { upTo: null, rate: '0.10' },
    ];
    const { epci: _epci, ...terms } = grandFigeacConvention2027;
    const updated = await api.call('convention.update', { ...terms, id: stored.id, bands: lower });
    expect(updated).toEqual({ id: stored.id, changed: ['bands'] });
    // 10 000 × 0,30 + 35 489 × 0,10 = 6 548,90 € a year (65 489 000 ten-thousandths);
    // × 184/365: 65 489 000 × 184 / 36 500 = 330 136,33… → 330 136 cents = 3 301,36 €.
    const result = await api.call('contributions.compute', { year: 2027 });
    expect(result.lines.find((l) => l.conventionId === stored.id)?.amountCents).toBe(330_136);
    const { entries } = await api.call('audit.list', { entity: 'convention' });
    const bandsLine = entries.find((e) => e.field === 'bands');
    expect(bandsLine).toMatchObject({ action: 'update', entityId: stored.id });
    // Back to one rate: null bands.
    const single = await api.call('convention.update', { ...terms, id: stored.id, bands: null });
    expect(single.changed).toEqual(['bands']);
    expect((await api.call('epci.get', { siren: grandFigeac })).conventions[0]?.bands).toBeNull();
  });
});
