import type ExcelJS from 'exceljs';
import type { ContributionsResult } from '../../../shared/domain/contributions/lines.ts';
import {
  bold,
  formats,
  formula,
  headerFill,
  neutraliseText,
  printSetup,
  sheetRef,
  styleHeader,
  thinBorder,
  writeTitle,
} from './cells.ts';
import {
  columnLetter,
  comparisonLayout,
  epciCells,
  type FinancingWorkbookInput,
  type LineSheet,
  situationLabel,
} from './financing-layout.ts';

function amountsByEpci(result: ContributionsResult): Map<string, number> {
  const byEpci = new Map<string, number>();
  for (const line of result.lines) byEpci.set(line.epci, (byEpci.get(line.epci) ?? 0) + line.amountCents);
  return byEpci;
}

/**
 * One row per EPCI, the current situation then each scenario with its difference. The current
 * situation's figures are formulas over the EPCI sheets; the scenarios' figures are the engine's amounts,
 * as values (a scenario replaces whole conventions, so it has no sheet of its own), and each difference is
 * a formula: changing a rate on an EPCI sheet moves the current column, its total and every difference.
 */
export function writeComparison(
  sheet: ExcelJS.Worksheet,
  lineSheets: readonly LineSheet[],
  bandSheets: readonly (LineSheet & { situation: number })[],
  input: FinancingWorkbookInput,
  generatedOn: string,
): void {
  const { headerRow, firstRow } = comparisonLayout;
  const { scenarios } = input;
  writeTitle(
    sheet,
    `Comparaison des situations ${input.year}`,
    `Département ${input.departement} — montants dus par EPCI`,
  );

  const epcis = new Map<string, string>();
  for (const result of scenarios) {
    for (const line of result.lines) if (!epcis.has(line.epci)) epcis.set(line.epci, line.name);
  }
  const amounts = scenarios.map(amountsByEpci);

  const headers = ['EPCI', 'SIREN', situationLabel(scenarios[0] as ContributionsResult, 0)];
  const widths = [40, 12, 18];
  scenarios.slice(1).forEach((result, index) => {
    headers.push(situationLabel(result, index + 1), 'Écart');
    widths.push(18, 14);
  });
  sheet.columns = widths.map((width) => ({ width }));
  const header = sheet.getRow(headerRow);
  header.values = headers.map(neutraliseText);
  styleHeader(header, headers.length);

  const lastRow = firstRow + epcis.size - 1;
  [...epcis].forEach(([epci, name], index) => {
    const rowNumber = firstRow + index;
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = neutraliseText(name);
    row.getCell(2).value = neutraliseText(epci);
    const currentCents = amounts[0]?.get(epci) ?? 0;
    const refs = lineSheets.filter((sheetLine) => sheetLine.line.epci === epci);
    row.getCell(3).value =
      refs.length > 0
        ? formula(
            `ROUND(${refs.map((ref) => sheetRef(ref.name, epciCells.amount)).join('+')},2)`,
            currentCents / 100,
          )
        : 0;
    scenarios.slice(1).forEach((_, offset) => {
      const valueColumn = 4 + offset * 2;
      const cents = amounts[offset + 1]?.get(epci) ?? 0;
      // A banded convention has its sheet: the amount follows it, like the current situation's.
      const own = bandSheets.filter((b) => b.situation === offset + 1 && b.line.epci === epci);
      const lines = scenarios[offset + 1]?.lines.filter((l) => l.epci === epci) ?? [];
      row.getCell(valueColumn).value =
        own.length > 0 && own.length === lines.length
          ? formula(`ROUND(${own.map((b) => sheetRef(b.name, epciCells.amount)).join('+')},2)`, cents / 100)
          : cents / 100;
      const a = columnLetter(valueColumn - 1);
      row.getCell(valueColumn + 1).value = formula(
        `ROUND(${a}${rowNumber}-C${rowNumber},2)`,
        (cents - currentCents) / 100,
      );
    });
    for (let column = 1; column <= headers.length; column += 1) {
      row.getCell(column).border = thinBorder;
      if (column >= 3) row.getCell(column).numFmt = formats.euros;
    }
  });

  const totalRow = sheet.getRow(firstRow + epcis.size);
  totalRow.getCell(1).value = 'Total';
  const totals = amounts.map((byEpci) => [...byEpci.values()].reduce((sum, cents) => sum + cents, 0));
  for (let column = 3; column <= headers.length; column += 1) {
    const letter = columnLetter(column - 1);
    const isDifference = column > 3 && (column - 4) % 2 === 1;
    const situation = column === 3 ? 0 : Math.floor((column - 4) / 2) + 1;
    const cents = isDifference ? (totals[situation] ?? 0) - (totals[0] ?? 0) : (totals[situation] ?? 0);
    totalRow.getCell(column).value = formula(
      epcis.size > 0 ? `ROUND(SUM(${letter}${firstRow}:${letter}${lastRow}),2)` : '0',
      cents / 100,
    );
    totalRow.getCell(column).numFmt = formats.euros;
  }
  for (let column = 1; column <= headers.length; column += 1) {
    totalRow.getCell(column).font = bold;
    totalRow.getCell(column).fill = headerFill;
    totalRow.getCell(column).border = thinBorder;
  }

  const note = totalRow.number + 2;
  sheet.getCell(`A${note}`).value =
    'La colonne de la situation actuelle suit les feuilles des EPCI (formules). Les montants des scénarios ' +
    'sont ceux calculés par l’application (valeurs), sauf ceux à tranches dégressives, qui suivent leur ' +
    'propre feuille ; les écarts sont recalculés. Un EPCI absent d’une situation y compte pour 0,00 €.';
  sheet.getCell(`A${note}`).font = { italic: true };
  sheet.getCell(`A${note}`).alignment = { wrapText: true, vertical: 'top' };
  sheet.mergeCells(`A${note}:${columnLetter(headers.length - 1)}${note}`);
  sheet.getRow(note).height = 44;

  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: headerRow }];
  printSetup(sheet, `${headerRow}:${headerRow}`, generatedOn);
}
