import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { inputFill } from '../../../electron/services/reports/cells.ts';
import { calculationCells as c } from '../../../electron/services/reports/statement-calculation.ts';
import { forbiddenWordsIn } from '../../helpers/forbidden-words.ts';
import { line, quercyBlancTerms } from './fixtures.ts';
import {
  figeac,
  figeacBefore,
  labastide,
  load,
  quercy,
  rowStarting,
  sheetTexts,
  statement,
} from './statement-cases.ts';

let letter: ExcelJS.Worksheet;
let calc: ExcelJS.Worksheet;

beforeAll(async () => {
  ({ letter, calc } = await load(await statement(figeac, [figeacBefore])));
});

/** The value beside a label of the letter (column B). */
const beside = (ws: ExcelJS.Worksheet, label: string) => ws.getCell(`B${rowStarting(ws, label)}`);

describe('the letter (first sheet)', () => {
  it('names the Département, the EPCI and the year, and says why the EPCI pays', () => {
    expect(letter.getCell('A1').value).toBe('Département du Lot');
    expect(letter.getCell('A4').value).toBe('Appel de participation 2027');
    expect(letter.getCell('A5').value).toBe('CC du Grand-Figeac — SIREN 200067361');
    const purpose = String(letter.getCell(`A${rowStarting(letter, 'Le Département du Lot')}`).value);
    expect(purpose).toContain('médiathèque numérique');
    expect(purpose).toContain('habitants des communes de CC du Grand-Figeac');
    expect(purpose).toContain('la convention CONV-2027-GF (du 01/07/2027 au 31/12/2029)');
    expect(purpose).toContain('entre un plancher et un plafond');
    expect(purpose).toContain('appelle la participation 2027');
  });

  it('states the basis, the rate in euros per inhabitant, the period, the floor and the cap', () => {
    expect(beside(letter, 'Convention').value).toBe('CONV-2027-GF, du 01/07/2027 au 31/12/2029');
    const population = beside(letter, 'Population retenue');
    expect(population.formula).toBe(`'Calcul'!${c.population}`);
    expect(population.result).toBe(45_489);
    expect(population.numFmt).toBe('#,##0 "habitants"');
    expect(beside(letter, 'Source de la population').value).toBe(
      'population totale, millésime 2022 (populations légales publiées par l’Insee)',
    );
    expect(beside(letter, 'Communes comptées').value).toBe(
      'les 4 communes de l’EPCI situées dans le département du Lot (liste dans l’onglet « Calcul »)',
    );
    const rate = beside(letter, 'Taux');
    expect(rate.formula).toBe(`'Calcul'!${c.rate}`);
    expect(rate.result).toBe(0.3);
    expect(rate.numFmt).toBe('#,##0.00## "€ par habitant"');
    expect(beside(letter, 'Période couverte en 2027').value).toBe(
      'du 01/07/2027 au 31/12/2027, au jour près (184 jours sur 365)',
    );
    expect(beside(letter, 'Plancher annuel').formula).toBe(`'Calcul'!${c.floor}`);
    expect(beside(letter, 'Plancher annuel').result).toBe(1000);
    expect(beside(letter, 'Plafond annuel').result).toBe(20_000.5);
    expect(beside(letter, 'Plafond annuel').numFmt).toBe('#,##0.00 "€"');
  });

  it('explains the computation in words and calls the amount from the Calcul sheet', () => {
    const first = rowStarting(letter, 'Détail du calcul') + 1;
    figeac.steps.forEach((step, index) => {
      expect(letter.getCell(`A${first + index}`).value).toBe(step);
    });
    const amount = letter.getCell(`C${rowStarting(letter, 'Participation 2027 due')}`);
    expect(amount.formula).toBe(`'Calcul'!${c.amount}`);
    expect(amount.result).toBe(6879.43);
    expect(amount.numFmt).toBe('#,##0.00 "€"');
    expect(amount.font?.bold).toBe(true);
  });

  it('lists the other conventions of the year, each called separately, with the year’s total', () => {
    const amountRow = rowStarting(letter, 'Participation 2027 due');
    const other = rowStarting(letter, 'CONV-2024-GF');
    expect(letter.getCell(`B${other}`).value).toBe(
      'du 01/01/2027 au 30/06/2027, au jour près : 181 jours sur 365',
    );
    expect(letter.getCell(`C${other}`).value).toBe(5639.39);
    const total = letter.getCell(`C${rowStarting(letter, 'Total 2027')}`);
    expect(total.formula).toBe(`ROUND(C${amountRow}+SUM(C${other}:C${other}),2)`);
    expect(total.result).toBe((687_943 + 563_939) / 100);
    expect(String(letter.getCell(`A${rowStarting(letter, 'Document établi')}`).value)).toBe(
      'Document établi le 15/11/2027 par Marie Dupont. Le calcul, formule par formule, figure dans l’onglet « Calcul ».',
    );
  });

  it('shows only the floor or the cap the convention has', async () => {
    const floorOnly = (await load(await statement(labastide))).letter;
    expect(beside(floorOnly, 'Plancher annuel').result).toBe(1500);
    expect(() => rowStarting(floorOnly, 'Plafond annuel')).toThrow();
    expect(String(floorOnly.getCell('A7').value)).toContain(', avec un plancher.');
    const neither = (await load(await statement(quercy))).letter;
    expect(() => rowStarting(neither, 'Plancher annuel')).toThrow();
    expect(() => rowStarting(neither, 'Plafond annuel')).toThrow();
    expect(beside(neither, 'Taux').result).toBe(0.3125);
    expect(beside(neither, 'Période couverte en 2027').value).toBe(
      'mois entiers d’août à décembre 2027 (5 mois sur 12)',
    );
  });

  it('carries no internal term, no bare code, no colour-coded cell and nothing broken', async () => {
    expect(
      forbiddenWordsIn(['Taux en dix-millièmes d’euro', 'NaN €', 'Rapport de financement']),
    ).toHaveLength(2);
    const scenario = line({ ...quercyBlancTerms, source: 'scenario' });
    for (const [entry, others] of [
      [figeac, [figeacBefore]],
      [labastide, []],
      [scenario, []],
    ] as const) {
      const ws = (await load(await statement(entry, [...others]))).letter;
      const texts = sheetTexts(ws);
      expect(forbiddenWordsIn(texts), entry.name).toEqual([]);
      for (const commune of entry.communes) {
        expect(texts.filter((text) => text.includes(commune.insee))).toEqual([]);
      }
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          expect(cell.fill, cell.address).not.toEqual(inputFill);
        });
      });
    }
  });

  it('prints on A4 portrait, one page wide, no gridlines, columns wide enough for their headers', () => {
    for (const ws of [letter, calc]) {
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.orientation).toBe('portrait');
      expect(ws.pageSetup.fitToPage).toBe(true);
      expect(ws.pageSetup.fitToWidth).toBe(1);
      expect(ws.views[0]?.showGridLines).toBe(false);
      expect(ws.headerFooter.oddFooter).toContain('le 15/11/2027');
      expect(ws.headerFooter.oddFooter).toContain('Page &P');
    }
    // The letter is read on its own: no « Page 1 / 2 » counting the Calcul sheet's pages.
    expect(letter.headerFooter.oddFooter).not.toContain('&N');
    const closing = rowStarting(letter, 'Document établi');
    expect(letter.pageSetup.printArea).toBe(`A1:C${closing}`);
    // The labels of the basis fit column A; the other conventions' headers fit their columns.
    for (let row = rowStarting(letter, 'Base de calcul') + 1; row < rowStarting(letter, 'Détail'); row += 1) {
      const label = String(letter.getCell(`A${row}`).value ?? '');
      expect(label.length, label).toBeLessThan(letter.getColumn(1).width ?? 0);
    }
    const header = letter.getRow(rowStarting(letter, 'Autres conventions') + 1);
    expect(header.values).toEqual([undefined, 'Convention', 'Période couverte en 2027', 'Montant dû']);
    for (const column of [1, 2, 3]) {
      const label = String(header.getCell(column).value);
      expect(label.length, label).toBeLessThan(letter.getColumn(column).width ?? 0);
    }
  });

  it('marks a scenario line as a simulation and refuses another EPCI’s lines', async () => {
    const ws = (await load(await statement(line({ ...quercyBlancTerms, source: 'scenario' })))).letter;
    expect(ws.getCell('A6').value).toBe(
      'SIMULATION (scénario) : ce document ne vaut pas appel de participation.',
    );
    await expect(statement(figeac, [quercy])).rejects.toThrow(RangeError);
  });
});

describe('the Calcul sheet', () => {
  it('computes with live formulas over the terms, the engine’s figures cached', () => {
    expect(calc.getCell('A1').value).toBe('Calcul de la participation 2027 — CC du Grand-Figeac');
    expect(calc.getCell(c.rate).value).toBe(0.3);
    expect(calc.getCell(c.rate).numFmt).toBe('#,##0.0000 "€"');
    expect(calc.getCell(c.prorataNumerator).value).toBe(184);
    expect(calc.getCell(c.prorataDenominator).value).toBe(365);
    expect(calc.getCell(c.floor).value).toBe(1000);
    expect(calc.getCell(c.cap).value).toBe(20_000.5);
    expect(calc.getCell(c.population).formula).toBe(
      `SUMIFS(D${c.communesHeader + 1}:D${c.communesHeader + 5},E${c.communesHeader + 1}:E${c.communesHeader + 5},"oui")`,
    );
    expect(calc.getCell(c.population).result).toBe(45_489);
    expect(calc.getCell(c.rateE4).formula).toBe(`ROUND(${c.rate}*10000,0)`);
    expect(calc.getCell(c.rateE4).result).toBe(3000);
    expect(calc.getCell(c.exactCents).formula).toBe(
      `${c.population}*${c.rateE4}*${c.prorataNumerator}/(${c.prorataDenominator}*100)`,
    );
    expect(calc.getCell(c.exactCents).result).toBeCloseTo((45_489 * 3000 * 184) / 36_500, 6);
    expect(calc.getCell(c.beforeLimits).result).toBe(6879.43);
    expect(calc.getCell(c.limitedBy).result).toBe('aucun');
    expect(calc.getCell(c.amountCents).formula).toContain(`ROUND(${c.exactCents},0)`);
    expect(calc.getCell(c.amountCents).result).toBe(687_943);
    expect(calc.getCell(c.amount).formula).toBe(`${c.amountCents}/100`);
    expect(calc.getCell(c.amount).result).toBe(6879.43);
  });

  it('lists the communes, counted or not', () => {
    expect(calc.getCell(`A${c.communesHeader}`).value).toBe('INSEE');
    expect(calc.getCell(`B${c.communesHeader + 5}`).value).toBe('Capdenac-Gare');
    expect(calc.getCell(`E${c.communesHeader + 5}`).value).toBe('non');
    expect(calc.pageSetup.printArea).toBe(`A1:E${c.communesHeader + 5}`);
  });

  it('writes the population as a term when the communes do not add up, and neutralises text', async () => {
    const sheets = await load(await statement(labastide));
    expect(sheets.calc.getCell(c.population).value).toBe(3_581);
    expect(sheets.calc.getCell(c.limitedBy).result).toBe('plancher');
    expect(sheets.calc.getCell(c.amountCents).result).toBe(150_000);
    expect(sheets.calc.getColumn(2).values).toContain(' =SUM(1,2)');
    expect(beside(sheets.letter, 'Convention').value).toBe(
      ' =CONV-2025-CLM, depuis le 01/01/2025, sans date de fin',
    );
    expect(beside(sheets.letter, 'Population retenue').result).toBe(3_581);
    expect(() => rowStarting(sheets.letter, 'Total 2027')).toThrow();
  });
});
