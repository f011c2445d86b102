import { departementTitle } from '../../../db/reference/departements.ts';
import type { ContributionLine } from '../../../shared/domain/contributions/lines.ts';
import { newWorkbook } from '../excel.ts';
import { frenchDate, parisWallClock } from './cells.ts';
import { calculationSheetName, writeCalculationSheet } from './statement-calculation.ts';
import { writeLetterSheet } from './statement-letter.ts';

export interface StatementWorkbookInput {
  readonly year: number;
  /** The convention line the statement calls the participation for. */
  readonly line: ContributionLine;
  /** The same EPCI's other lines that year (its conventions changed during the year), shown for the total. */
  readonly otherLines?: readonly ContributionLine[];
  readonly generatedAt: Date;
  /** Who asked for it, as the audit log names them. */
  readonly generatedBy: string;
  /** The département's code (« 46 »); the statement names it (« Département du Lot »). */
  readonly departement: string;
}

export const statementSheetName = (year: number) => `Participation ${year}`;

/**
 * « Appel de participation <année> — <EPCI> »: the yearly call for one EPCI's participation in the
 * médiathèque numérique, ready to send. The first sheet is the letter the EPCI reads (A4 portrait); the
 * second, « Calcul », holds the computation as live formulas, which the letter's amount references.
 */
export async function writeStatementWorkbook(input: StatementWorkbookInput): Promise<Buffer> {
  const { year, line } = input;
  const otherLines = input.otherLines ?? [];
  for (const other of otherLines) {
    if (other.epci !== line.epci) {
      throw new RangeError(`A statement for ${line.epci} cannot include a line of ${other.epci}.`);
    }
  }
  const generatedOn = frenchDate(parisWallClock(input.generatedAt));

  const workbook = await newWorkbook();
  workbook.creator = input.generatedBy;
  workbook.created = input.generatedAt;
  workbook.title = `Appel de participation ${year} — ${line.name}`;
  workbook.calcProperties = { fullCalcOnLoad: true };
  const letter = workbook.addWorksheet(statementSheetName(year));
  const calculation = workbook.addWorksheet(calculationSheetName);
  writeLetterSheet(letter, {
    year,
    line,
    otherLines,
    departementTitle: departementTitle(input.departement),
    generatedOn,
    generatedBy: input.generatedBy,
  });
  writeCalculationSheet(calculation, year, line, generatedOn);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
