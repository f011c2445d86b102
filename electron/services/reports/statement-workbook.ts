import ExcelJS from 'exceljs';
import type { ContributionLine } from '../../../shared/domain/contributions/lines.ts';
import { perimeterLabels, populationBasisLabels, prorataLabels } from '../../../shared/domain/convention.ts';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import { formatInteger } from '../../../shared/format.ts';
import {
  bold,
  formats,
  formula,
  frenchDate,
  headerFill,
  type InfoRow,
  isoDay,
  parisWallClock,
  printSetup,
  neutraliseText as text,
  thinBorder,
  writeInfoRows,
} from './cells.ts';
import {
  type AmountCells,
  sectionHeader,
  writeAmountComputation,
  writeCommunesTable,
  writeTitle,
} from './financing-workbook.ts';

export interface StatementWorkbookInput {
  readonly year: number;
  /** The convention line the statement calls the participation for. */
  readonly line: ContributionLine;
  /** The same EPCI's other lines that year (its conventions changed during the year), shown for the total. */
  readonly otherLines?: readonly ContributionLine[];
  readonly generatedAt: Date;
  /** Who asked for it, as the audit log names them. */
  readonly generatedBy: string;
  /** The département's code (« 46 »). */
  readonly departement: string;
}

/**
 * Fixed cell addresses of the statement. Inputs are yellow; every derived figure is a formula over them
 * with the engine's value cached, computed exactly as on the financing workbook's EPCI sheets.
 */
export const statementCells = {
  called: 'B6',
  epci: 'B9',
  siren: 'B10',
  reference: 'B11',
  start: 'B12',
  end: 'B13',
  population: 'B24',
  rate: 'B19',
  prorataNumerator: 'B20',
  prorataDenominator: 'B21',
  floor: 'B22',
  cap: 'B23',
  rateE4: 'B27',
  exactCents: 'B28',
  beforeLimits: 'B29',
  limitedBy: 'B30',
  amountCents: 'B31',
  amount: 'B32',
  /** First row of the engine's steps; the other lines, the year's total and the communes follow them. */
  stepsRow: 35,
} as const satisfies AmountCells & Record<string, string | number>;

export const statementSheetName = (year: number) => `Participation ${year}`;

/** « 184 jours sur 365 », « 5 mois sur 12 », « année entière »: the prorata fraction in words. */
function fractionText(line: ContributionLine): string {
  const { numerator, denominator } = line.prorataFraction;
  const plural = (count: number, one: string, many: string) => (count < 2 ? one : many);
  switch (line.prorataRule) {
    case 'days':
      return `${formatInteger(numerator)} ${plural(numerator, 'jour', 'jours')} sur ${formatInteger(denominator)}`;
    case 'months':
      return `${numerator} mois sur ${denominator}`;
    case 'none':
      return numerator === 0 ? 'aucune période de l’année' : 'année entière';
  }
}

function periodText(line: ContributionLine): string {
  return line.end
    ? `du ${formatDateFr(line.start)} au ${formatDateFr(line.end)}`
    : `depuis le ${formatDateFr(line.start)}, sans date de fin`;
}

function referenceText(line: ContributionLine): string {
  return line.reference.trim() ? line.reference : 'sans référence';
}

/**
 * « Participation <année> — <EPCI> »: the yearly call for one EPCI's participation in the médiathèque
 * numérique, ready to send (A4 portrait). It says who pays, for what and why, then how the amount was
 * computed — population (basis, millésime, perimeter and its communes), rate, prorata, floor and cap —
 * with every derived figure a live formula over the visible inputs, the engine's value cached.
 */
export async function writeStatementWorkbook(input: StatementWorkbookInput): Promise<Buffer> {
  const { year, line } = input;
  const otherLines = input.otherLines ?? [];
  for (const other of otherLines) {
    if (other.epci !== line.epci) {
      throw new RangeError(`A statement for ${line.epci} cannot include a line of ${other.epci}.`);
    }
  }
  const c = statementCells;
  const generatedOn = frenchDate(parisWallClock(input.generatedAt));
  const title = `Participation ${year} — ${line.name}`;

  const workbook = new ExcelJS.Workbook();
  workbook.creator = input.generatedBy;
  workbook.created = input.generatedAt;
  workbook.title = title;
  workbook.calcProperties = { fullCalcOnLoad: true };
  const sheet = workbook.addWorksheet(statementSheetName(year));
  sheet.columns = [{ width: 40 }, { width: 30 }, { width: 16 }, { width: 14 }, { width: 16 }];

  const simulation = line.source === 'scenario' ? ' — SIMULATION (scénario), ne vaut pas appel' : '';
  writeTitle(
    sheet,
    title,
    `Appel de participation à la médiathèque numérique — département ${input.departement}${simulation}`,
  );

  sectionHeader(sheet, 4, 'Objet');
  const purpose = sheet.getCell('A5');
  purpose.value = text(
    `Le département ${input.departement} ouvre la médiathèque numérique de sa bibliothèque départementale ` +
      `aux habitants des communes de ${line.name} (SIREN ${line.epci}). En contrepartie, la convention ` +
      `${referenceText(line)} (${periodText(line)}) prévoit une participation annuelle de l’EPCI : ` +
      `population × taux par habitant × part de l’année couverte, dans la limite du plancher et du ` +
      `plafond de la convention. Le présent document appelle la participation ${year} et en détaille le calcul.`,
  );
  purpose.alignment = { wrapText: true, vertical: 'top' };
  sheet.mergeCells('A5:E5');
  sheet.getRow(5).height = 78;
  sheet.getCell('A6').value = `Participation ${year} appelée`;
  sheet.getCell('A6').font = bold;
  const called = sheet.getCell(c.called);
  called.value = formula(c.amount, line.amountCents / 100);
  called.numFmt = formats.euros;
  called.font = { bold: true, size: 12 };
  called.border = thinBorder;
  sheet.getCell('C6').value = 'voir le calcul ci-dessous';

  sectionHeader(sheet, 8, 'Convention');
  const info: InfoRow[] = [
    ['EPCI', text(line.name)],
    ['SIREN', text(line.epci)],
    ['Référence de la convention', text(referenceText(line))],
    ['Début', isoDay(line.start), formats.date],
    ['Fin', line.end ? isoDay(line.end) : 'sans date de fin', formats.date],
    [
      'Population',
      text(
        `${populationBasisLabels[line.basis]}, millésime ${line.millesime}, ${perimeterLabels[line.perimeter]}`,
      ),
    ],
    ['Prorata', text(`${line.prorataText} (${prorataLabels[line.prorataRule]})`)],
    ['Part de l’année', text(fractionText(line))],
  ];
  writeInfoRows(sheet, 9, info);

  // After the steps: the other lines of the year and the year's total, then the communes table.
  let row = c.stepsRow + line.steps.length + 1;
  const totalRow = otherLines.length > 0 ? writeOtherLines(sheet, row, input, otherLines) : null;
  if (totalRow !== null) row = totalRow + 2;
  sectionHeader(sheet, row, 'Communes de l’EPCI', `« oui » : comptées (${perimeterLabels[line.perimeter]})`);
  const communesHeader = row + 1;

  sectionHeader(sheet, 18, 'Paramètres du calcul', 'Cellules jaunes : termes de la convention');
  sectionHeader(sheet, 26, 'Calcul');
  writeAmountComputation(sheet, c, line, {
    first: communesHeader + 1,
    last: communesHeader + line.communes.length,
  });
  sheet.getCell(`A${c.amount.slice(1)}`).value = `Participation ${year} due`;

  sectionHeader(sheet, c.stepsRow - 1, 'Détail du calcul');
  line.steps.forEach((step, index) => {
    sheet.getCell(`A${c.stepsRow + index}`).value = text(step);
  });

  writeCommunesTable(sheet, communesHeader, line);

  const closing = communesHeader + line.communes.length + 2;
  sheet.getCell(`A${closing}`).value = text(`Document établi le ${generatedOn} par ${input.generatedBy}.`);
  sheet.getCell(`A${closing}`).font = { italic: true };

  sheet.views = [{ state: 'normal', activeCell: c.called }];
  printSetup(sheet, null, generatedOn, 'portrait');
  sheet.pageSetup.printArea = `A1:E${closing}`;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The EPCI's other conventions of the year (each called separately), then the year's total: this
 * statement's amount (a formula) plus theirs (the engine's amounts, as values). Returns the total's row.
 */
function writeOtherLines(
  sheet: ExcelJS.Worksheet,
  firstRow: number,
  input: StatementWorkbookInput,
  otherLines: readonly ContributionLine[],
): number {
  const { year, line } = input;
  sectionHeader(sheet, firstRow, `Autres conventions de ${line.name} en ${year}`, 'appelées séparément');
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
    for (let column = 1; column <= 3; column += 1) current.getCell(column).border = thinBorder;
  });
  const first = firstRow + 2;
  const last = first + otherLines.length - 1;
  const totalRow = last + 1;
  const totalCents = otherLines.reduce((sum, other) => sum + other.amountCents, line.amountCents);
  const total = sheet.getRow(totalRow);
  total.getCell(1).value = `Total ${year} de l’EPCI (cette convention comprise)`;
  total.getCell(3).value = formula(
    `ROUND(${statementCells.amount}+SUM(C${first}:C${last}),2)`,
    totalCents / 100,
  );
  total.getCell(3).numFmt = formats.euros;
  for (let column = 1; column <= 3; column += 1) {
    total.getCell(column).font = bold;
    total.getCell(column).fill = headerFill;
    total.getCell(column).border = thinBorder;
  }
  return totalRow;
}
