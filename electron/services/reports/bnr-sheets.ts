import type ExcelJS from 'exceljs';
import { sheetRef, styleHeader } from './cells.ts';

/** The data sheets' names, fixed so the survey's formulas and the tests can point at them. */
export const bnrSheets = {
  summary: 'Sommaire',
  territory: 'Territoire',
  libraries: 'Bibliothèques',
  budget: 'Budget',
  usage: 'Usages',
} as const;

/** Where the figures a later sheet (Usages, the survey) refers to were written. */
export interface BnrCells {
  territory: {
    /** Per EPCI (by SIREN): its row on « Territoire ». */
    rows: Map<string, number>;
    populationTotal: string;
    departementPopulation: string;
    coveredPopulation: string;
    coveredShare: string;
    libraries: string;
    registered: string;
  };
  libraries: { registered: string; eligible: string; participating: string };
  /** Per year: the cells of the year's cost, contributions and Département's share on « Budget ». */
  budget: Map<number, { cost: string; contributions: string; share: string; costLines: string }>;
  /** Per cost line id: its amount's cell on « Budget ». */
  costLines: Map<string, string>;
  /** Per year: the Département's row on « Usages ». */
  usage: Map<
    number,
    { uses: string; active: string; cost: string; perUse: string; perActive: string; platforms: string }
  >;
}

export const euros = (cents: number) => cents / 100;
export const ref = (sheet: string, cell: string) => sheetRef(sheet, cell);

/**
 * Rounding half up exactly as the app does (fractionToDecimalString), on integers only: a spreadsheet's
 * ROUND on a binary quotient could part from it on a half. numerator × scale / denominator, `digits` decimals.
 */
export const exactRound = (numerator: string, scale: number, denominator: string, digits: number) =>
  `INT((2*${numerator}*${scale * 10 ** digits}+${denominator})/(2*${denominator}))/${10 ** digits}`;
export const exactRoundValue = (numerator: number, scale: number, denominator: number, digits: number) =>
  Math.floor((2 * numerator * scale * 10 ** digits + denominator) / (2 * denominator)) / 10 ** digits;

export function header(sheet: ExcelJS.Worksheet, row: number, labels: string[]): void {
  labels.forEach((label, index) => {
    sheet.getRow(row).getCell(index + 1).value = label;
  });
  styleHeader(sheet.getRow(row), labels.length);
}

export function widths(sheet: ExcelJS.Worksheet, values: number[]): void {
  values.forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
  });
}
