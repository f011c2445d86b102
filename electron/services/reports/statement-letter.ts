import type ExcelJS from 'exceljs';
import { describeBandsFr } from '../../../shared/domain/contributions/bands.ts';
import type { ContributionLine } from '../../../shared/domain/contributions/lines.ts';
import {
  bold,
  formats,
  formula,
  printSetup,
  sectionHeader,
  sheetRef,
  neutraliseText as text,
  thinBorder,
} from './cells.ts';
import { calculationCells, calculationSheetName } from './statement-calculation.ts';
import {
  fractionText,
  perimeterText,
  periodText,
  populationSourceText,
  referenceText,
} from './statement-text.ts';

export interface LetterInput {
  readonly year: number;
  readonly line: ContributionLine;
  readonly otherLines: readonly ContributionLine[];
  /** « Département du Lot ». */
  readonly departementTitle: string;
  readonly generatedOn: string;
  readonly generatedBy: string;
}

/** Columns A–C: labels, values, amounts; 82 characters in all, one A4 portrait page wide. */
const widths = [26, 38, 18] as const;
const pageWidth = widths[0] + widths[1] + widths[2];
const lineHeight = 15;

const grey: Partial<ExcelJS.Font> = { italic: true, color: { argb: 'FF555555' } };

/** A Calcul cell, as the letter references it. */
const calc = (address: string) => sheetRef(calculationSheetName, address);

/**
 * The statement's first sheet, as the EPCI reads it: who calls the participation and why, the basis
 * (population, its millésime and source), the rate, the period, floor and cap, the engine's steps in words
 * and the amount due — a formula on the « Calcul » sheet with the engine's amount cached. Returns the last
 * row written.
 */
export function writeLetterSheet(sheet: ExcelJS.Worksheet, input: LetterInput): number {
  const { year, line } = input;
  sheet.columns = widths.map((width) => ({ width }));
  let row = 1;
  const cell = (column: 'A' | 'C') => sheet.getCell(`${column}${row}`);

  cell('A').value = text(input.departementTitle);
  cell('A').font = { bold: true, size: 14 };
  row += 1;
  cell('A').value = 'Bibliothèque départementale — médiathèque numérique';
  cell('A').font = grey;
  row += 2;
  cell('A').value = `Appel de participation ${year}`;
  cell('A').font = { bold: true, size: 16 };
  row += 1;
  cell('A').value = text(`${line.name} — SIREN ${line.epci}`);
  cell('A').font = { bold: true, size: 12 };
  row += 1;
  if (line.source === 'scenario') {
    cell('A').value = 'SIMULATION (scénario) : ce document ne vaut pas appel de participation.';
    cell('A').font = { bold: true, color: { argb: 'FFC00000' } };
    row += 1;
  }
  row += 1;
  paragraph(sheet, row, purposeText(input));
  row += 2;

  section(sheet, row, 'Base de calcul');
  row += 1;
  const facts: [string, ExcelJS.CellValue, string?][] = [
    ['Convention', text(`${referenceText(line)}, ${periodText(line)}`)],
    [
      'Population retenue',
      line.population === null
        ? 'inconnue pour cette base et ce millésime'
        : formula(calc(calculationCells.population), line.population),
      '#,##0 "habitants"',
    ],
    ['Source de la population', populationSourceText(line)],
    [
      'Communes comptées',
      text(`${perimeterText(line, input.departementTitle)} (liste dans l’onglet « Calcul »)`),
    ],
    line.bands?.length
      ? ['Taux par tranche d’habitants', text(describeBandsFr(line.bands, { long: true }))]
      : ['Taux', formula(calc(calculationCells.rate), line.rateE4 / 10_000), '#,##0.00## "€ par habitant"'],
    [`Période couverte en ${year}`, text(`${line.prorataText} (${fractionText(line)})`)],
  ];
  if (line.floorCents !== null) {
    facts.push([
      'Plancher annuel',
      formula(calc(calculationCells.floor), line.floorCents / 100),
      formats.euros,
    ]);
  }
  if (line.capCents !== null) {
    facts.push(['Plafond annuel', formula(calc(calculationCells.cap), line.capCents / 100), formats.euros]);
  }
  for (const [label, value, numFmt] of facts) {
    labelled(sheet, row, label, value, numFmt);
    row += 1;
  }
  row += 1;

  section(sheet, row, 'Détail du calcul');
  row += 1;
  for (const step of line.steps) {
    paragraph(sheet, row, text(step));
    row += 1;
  }
  row += 1;

  sheet.mergeCells(`A${row}:B${row}`);
  cell('A').value = `Participation ${year} due`;
  const amount = cell('C');
  amount.value = formula(calc(calculationCells.amount), line.amountCents / 100);
  amount.numFmt = formats.euros;
  amount.border = thinBorder;
  for (const due of [cell('A'), amount]) due.font = { bold: true, size: 12 };
  sheet.getRow(row).height = 20;
  row += 2;

  if (input.otherLines.length > 0) row = writeOtherLines(sheet, row, input, amount.address) + 2;

  paragraph(
    sheet,
    row,
    text(
      `Document établi le ${input.generatedOn} par ${input.generatedBy}. Le calcul, formule par formule, ` +
        'figure dans l’onglet « Calcul ».',
    ),
  );
  cell('A').font = grey;

  sheet.views = [{ state: 'normal', showGridLines: false, activeCell: amount.address }];
  printSetup(sheet, null, input.generatedOn, 'portrait');
  sheet.pageSetup.printArea = `A1:C${row}`;
  // No page count: LibreOffice counts the Calcul sheet's pages too, and the letter is read on its own.
  const footer = `&L&8Document établi le ${input.generatedOn}&R&8Page &P`;
  sheet.headerFooter = { oddFooter: footer, evenFooter: footer };
  return row;
}

function purposeText(input: LetterInput): string {
  const { year, line } = input;
  const limits =
    line.floorCents !== null && line.capCents !== null
      ? ', entre un plancher et un plafond'
      : line.floorCents !== null
        ? ', avec un plancher'
        : line.capCents !== null
          ? ', dans la limite d’un plafond'
          : '';
  return text(
    `Le ${input.departementTitle} ouvre la médiathèque numérique de sa bibliothèque départementale aux ` +
      `habitants des communes de ${line.name}. En contrepartie, la convention ${referenceText(line)} ` +
      `(${periodText(line)}) prévoit une participation annuelle de l’EPCI, calculée selon sa population, ` +
      `${line.bands?.length ? 'des taux par habitant dégressifs par tranche d’habitants' : 'un taux par habitant'} et la part de l’année couverte${limits}. Le présent document appelle la ` +
      `participation ${year}.`,
  );
}

/** Text across A–C, wrapped, the row as tall as its lines. */
function paragraph(sheet: ExcelJS.Worksheet, row: number, value: string): void {
  sheet.mergeCells(`A${row}:C${row}`);
  const cell = sheet.getCell(`A${row}`);
  cell.value = value;
  cell.alignment = { wrapText: true, vertical: 'top' };
  sheet.getRow(row).height = lineHeight * linesOf(value, pageWidth);
}

/** A label in A, its value across B–C (left-aligned, wrapped). */
function labelled(
  sheet: ExcelJS.Worksheet,
  row: number,
  label: string,
  value: ExcelJS.CellValue,
  numFmt?: string,
): void {
  sheet.getCell(`A${row}`).value = label;
  sheet.getCell(`A${row}`).alignment = { vertical: 'top' };
  sheet.mergeCells(`B${row}:C${row}`);
  const cell = sheet.getCell(`B${row}`);
  cell.value = value;
  cell.alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
  if (numFmt) cell.numFmt = numFmt;
  if (typeof value === 'string')
    sheet.getRow(row).height = lineHeight * linesOf(value, widths[1] + widths[2]);
}

/** Lines a text takes in a cell `width` characters wide (a column holds about 1.15 characters of text per unit). */
function linesOf(value: string, width: number): number {
  return Math.max(1, Math.ceil(value.length / (width * 1.15)));
}

/** A section title across A–C. */
function section(sheet: ExcelJS.Worksheet, row: number, label: string): void {
  sectionHeader(sheet, row, label);
  sheet.mergeCells(`A${row}:C${row}`);
}

/**
 * The EPCI's other conventions of the year (each called separately), then the year's total: this
 * statement's amount (`amount`, a formula) plus theirs (the engine's amounts, as values). Returns the
 * total's row.
 */
function writeOtherLines(
  sheet: ExcelJS.Worksheet,
  firstRow: number,
  input: LetterInput,
  amount: string,
): number {
  const { year, line, otherLines } = input;
  section(sheet, firstRow, `Autres conventions de l’EPCI en ${year}, appelées séparément`);
  const header = sheet.getRow(firstRow + 1);
  header.values = ['Convention', `Période couverte en ${year}`, 'Montant dû'];
  for (let column = 1; column <= 3; column += 1) {
    header.getCell(column).font = bold;
    header.getCell(column).border = thinBorder;
  }
  otherLines.forEach((other, index) => {
    const current = sheet.getRow(firstRow + 2 + index);
    current.values = [
      text(`${referenceText(other)} (${periodText(other)})`),
      text(`${other.prorataText} : ${fractionText(other)}`),
      other.amountCents / 100,
    ];
    current.getCell(3).numFmt = formats.euros;
    for (let column = 1; column <= 3; column += 1) {
      current.getCell(column).border = thinBorder;
      current.getCell(column).alignment = { vertical: 'top', wrapText: true };
    }
    const tallest = Math.max(
      linesOf(String(current.getCell(1).value), widths[0]),
      linesOf(String(current.getCell(2).value), widths[1]),
    );
    current.height = lineHeight * tallest;
  });
  const first = firstRow + 2;
  const last = first + otherLines.length - 1;
  const totalRow = last + 1;
  const totalCents = otherLines.reduce((sum, other) => sum + other.amountCents, line.amountCents);
  const total = sheet.getRow(totalRow);
  sheet.mergeCells(`A${totalRow}:B${totalRow}`);
  total.getCell(1).value = `Total ${year} de l’EPCI (cette convention comprise)`;
  total.getCell(3).value = formula(`ROUND(${amount}+SUM(C${first}:C${last}),2)`, totalCents / 100);
  total.getCell(3).numFmt = formats.euros;
  for (let column = 1; column <= 3; column += 1) {
    total.getCell(column).font = bold;
    total.getCell(column).border = thinBorder;
  }
  return totalRow;
}
