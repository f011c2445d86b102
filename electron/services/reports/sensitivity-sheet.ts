import type ExcelJS from 'exceljs';
import {
  type ContributionLine,
  sensitivityAmountCents,
  sensitivityRatesE4,
} from '../../../shared/domain/contributions/index.ts';
import { bold, formats, formula, inputFill, sheetRef, styleHeader, thinBorder, titleFont } from './cells.ts';

/** The rates tried for each EPCI, in euros per inhabitant (inputs: a negotiator may change them). */
export const sensitivityRates = sensitivityRatesE4.map((rateE4) => (rateE4 / 10_000).toFixed(2));
const monthNames = [
  'janv.',
  'févr.',
  'mars',
  'avr.',
  'mai',
  'juin',
  'juil.',
  'août',
  'sept.',
  'oct.',
  'nov.',
  'déc.',
];

/** Each EPCI's block: a title row, the start dates, one row per rate, a blank row; the first starts on row 4. */
export const sensitivityLayout = { firstRow: 4, blockHeight: 3 + sensitivityRates.length + 1 } as const;
const { blockHeight } = sensitivityLayout;

/**
 * « Sensibilité »: for each EPCI of the current situation, what it would owe for the year at each rate
 * (rows) if its convention started on the 1st of each month (columns), with no end date and its own
 * prorata rule, floor and cap. Every amount is a live formula over the EPCI sheet's population and
 * limits and this sheet's rate and date cells, computed on integers like the engine, with its figure
 * cached.
 */
export function writeSensitivitySheet(
  sheet: ExcelJS.Worksheet,
  lineSheets: readonly { line: ContributionLine; name: string }[],
  cells: {
    population: string;
    floor: string;
    cap: string;
    /** Where a banded line's EPCI sheet keeps band `index`'s threshold and rate. */
    band: (index: number) => { upTo: string; rate: string };
  },
  year: number,
): void {
  sheet.getCell('A1').value = `Sensibilité au taux et au mois de début — ${year}`;
  sheet.getCell('A1').font = titleFont;
  sheet.getCell('A2').value =
    'Montant dû pour l’année si la convention commençait le 1er du mois indiqué, sans date de fin, à chaque taux (cellules jaunes modifiables).';
  sheet.getColumn(1).width = 26;
  for (let column = 2; column <= 13; column += 1) sheet.getColumn(column).width = 12;

  lineSheets.forEach(({ line, name }, index) => {
    const top = sensitivityLayout.firstRow + index * blockHeight;
    const population = sheetRef(name, cells.population);
    const floor = sheetRef(name, cells.floor);
    const cap = sheetRef(name, cells.cap);

    const bands = line.bands ?? [];
    sheet.getCell(`A${top}`).value =
      `${line.name} — ${line.prorataRule === 'days' ? 'au jour près' : line.prorataRule === 'months' ? 'au mois' : 'année pleine'}` +
      (bands.length > 0 ? ' — tranches dégressives : le taux essayé est celui de la 1re tranche' : '');
    sheet.getCell(`A${top}`).font = bold;
    const header = sheet.getRow(top + 1);
    header.getCell(1).value = 'Taux \\ début';
    monthNames.forEach((month, m) => {
      const cell = header.getCell(m + 2);
      cell.value = new Date(Date.UTC(year, m, 1));
      cell.numFmt = formats.date;
      cell.note = month;
    });
    styleHeader(header, 13);

    sensitivityRatesE4.forEach((rateE4Tried, r) => {
      const rowNumber = top + 2 + r;
      const row = sheet.getRow(rowNumber);
      const rateCell = row.getCell(1);
      rateCell.value = rateE4Tried / 10_000;
      rateCell.numFmt = formats.rate;
      rateCell.fill = inputFill;
      rateCell.border = thinBorder;
      for (let m = 0; m < 12; m += 1) {
        const column = m + 2;
        const start = `${header.getCell(column).address.replace(/\d+$/, '')}$${top + 1}`;
        const rateE4 = `ROUND($A${rowNumber}*10000,0)`;
        const [numerator, denominator] = prorataFormulas(line.prorataRule, start, year);
        const fullYear =
          bands.length > 0
            ? bandsFullYearFormula(bands.length, population, rateE4, (i) => {
                const band = cells.band(i);
                return { upTo: sheetRef(name, band.upTo), rate: sheetRef(name, band.rate) };
              })
            : `${population}*${rateE4}`;
        const exact = `(${fullYear})*(${numerator})/((${denominator})*100)`;
        const limited = `IF(ISNUMBER(${cap}),MIN(${cap}*100,IF(ISNUMBER(${floor}),MAX(${floor}*100,${exact}),${exact})),IF(ISNUMBER(${floor}),MAX(${floor}*100,${exact}),${exact}))`;
        const cell = row.getCell(column);
        cell.value = formula(
          `ROUND(${limited},0)/100`,
          sensitivityAmountCents(line, year, rateE4Tried, m + 1) / 100,
        );
        cell.numFmt = formats.euros;
        cell.border = thinBorder;
      }
    });
  });
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
}

/**
 * Σ inhabitants of each band × its rate in ten-thousandths, on integers like the engine: band i holds
 * MAX(0, MIN(population, threshold i) − threshold i−1) inhabitants (the last: population − the previous
 * threshold). The first band's rate is `firstRateE4` (the rate tried); the others are the EPCI sheet's.
 */
function bandsFullYearFormula(
  count: number,
  population: string,
  firstRateE4: string,
  band: (index: number) => { upTo: string; rate: string },
): string {
  const terms: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const top = i === count - 1 ? population : `MIN(${population},${band(i).upTo})`;
    const inhabitants = `MAX(0,${top}${i > 0 ? `-${band(i - 1).upTo}` : ''})`;
    const rate = i === 0 ? firstRateE4 : `ROUND(${band(i).rate}*10000,0)`;
    terms.push(`${inhabitants}*${rate}`);
  }
  return terms.join('+');
}

/** Numerator and denominator of the prorata for a start date in cell `start`, open-ended, for `year`. */
function prorataFormulas(
  rule: ContributionLine['prorataRule'],
  start: string,
  year: number,
): [string, string] {
  if (rule === 'days') return [`DATE(${year},12,31)-${start}+1`, `DATE(${year},12,31)-DATE(${year},1,1)+1`];
  if (rule === 'months') return [`13-MONTH(${start})`, '12'];
  return ['1', '1'];
}
