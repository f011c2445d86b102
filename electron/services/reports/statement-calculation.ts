import type ExcelJS from 'exceljs';
import type { ContributionLine } from '../../../shared/domain/contributions/lines.ts';
import {
  type AmountCells,
  writeAmountComputation,
  writeBandsTable,
  writeCommunesTable,
} from './amount-computation.ts';
import { printSetup, sectionHeader, neutraliseText as text, writeTitle } from './cells.ts';
import type { BandLayout } from './financing-layout.ts';
import { referenceText } from './statement-text.ts';

export const calculationSheetName = 'Calcul';

/**
 * Fixed cell addresses of the « Calcul » sheet: the convention's terms, the population, then every derived
 * figure as a formula over them, the engine's value cached (as on the financing workbook's EPCI sheets).
 */
export const calculationCells = {
  rate: 'B5',
  prorataNumerator: 'B6',
  prorataDenominator: 'B7',
  floor: 'B8',
  cap: 'B9',
  population: 'B10',
  rateE4: 'B13',
  exactCents: 'B14',
  beforeLimits: 'B15',
  limitedBy: 'B16',
  amountCents: 'B17',
  amount: 'B18',
  /** Header row of the communes table without bands (with bands: `communesHeaderOf`). */
  communesHeader: 21,
} as const satisfies AmountCells & Record<string, string | number>;

/**
 * A banded convention's bands, under the calculation (columns A–E, so the sheet prints as wide as an
 * unbanded one): a section title on row 20, the header on row 21, one row per band from row 22 (at most
 * 10), the note after them; the communes table then moves down (`communesHeaderOf`).
 */
export const calculationBandLayout = {
  headerRow: 21,
  firstRow: 22,
  columns: { band: 'A', upTo: 'B', rate: 'C', inhabitants: 'D', fullYearE4: 'E' },
} as const satisfies BandLayout;

/** The communes table's header row: row 21, or below the bands and their note when there are bands. */
export function communesHeaderOf(line: ContributionLine): number {
  const bands = line.bands?.length ?? 0;
  return bands > 0 ? calculationBandLayout.firstRow + bands + 3 : calculationCells.communesHeader;
}

/**
 * « Calcul »: how the statement's amount is computed, for whoever checks it — the terms, the population as a
 * sum over the communes table, the amount in integer ten-thousandths and cents like the engine, every
 * figure a live formula. Returns the last row written.
 */
export function writeCalculationSheet(
  sheet: ExcelJS.Worksheet,
  year: number,
  line: ContributionLine,
  generatedOn: string,
): number {
  const c = calculationCells;
  sheet.columns = [{ width: 40 }, { width: 26 }, { width: 44 }, { width: 12 }, { width: 18 }];
  writeTitle(
    sheet,
    `Calcul de la participation ${year} — ${line.name}`,
    `Convention ${referenceText(line)} : chaque montant est une formule sur les termes ci-dessous.`,
  );
  sectionHeader(sheet, 4, 'Termes de la convention');
  sectionHeader(sheet, 12, 'Calcul au centime');
  const communesHeader = communesHeaderOf(line);
  sectionHeader(sheet, communesHeader - 1, 'Communes de l’EPCI', '« oui » : comptées');
  const banded = line.bands !== undefined && line.bands.length > 0;
  if (banded) {
    sectionHeader(sheet, calculationBandLayout.headerRow - 1, 'Tranches d’habitants');
    sheet.getColumn(5).width = 24;
  }
  const bandsFullYear = banded ? writeBandsTable(sheet, c, line, calculationBandLayout) : undefined;
  writeAmountComputation(
    sheet,
    c,
    line,
    { first: communesHeader + 1, last: communesHeader + line.communes.length },
    bandsFullYear,
  );
  sheet.getCell(`A${c.amount.slice(1)}`).value = text(`Participation ${year} due`);
  writeCommunesTable(sheet, communesHeader, line);

  const last = communesHeader + line.communes.length;
  sheet.views = [{ state: 'normal', showGridLines: false }];
  printSetup(sheet, null, generatedOn, 'portrait');
  sheet.pageSetup.printArea = `A1:E${last}`;
  return last;
}
