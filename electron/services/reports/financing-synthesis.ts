import type ExcelJS from 'exceljs';
import { describeBandsFr } from '../../../shared/domain/contributions/bands.ts';
import type { ContributionsResult } from '../../../shared/domain/contributions/lines.ts';
import { populationBasisLabels } from '../../../shared/domain/convention.ts';
import { limitedByText } from './amount-computation.ts';
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
  epciCells,
  type FinancingWorkbookInput,
  type LineSheet,
  situationLabel,
  synthesisLayout,
} from './financing-layout.ts';

export function writeSynthesis(
  sheet: ExcelJS.Worksheet,
  lineSheets: readonly LineSheet[],
  current: ContributionsResult,
  input: FinancingWorkbookInput,
  generatedOn: string,
): void {
  const { headerRow, firstRow } = synthesisLayout;
  writeTitle(
    sheet,
    `Rapport de financement ${input.year}`,
    `Département ${input.departement} — ${situationLabel(current, 0)} — généré le ${generatedOn} par ${input.generatedBy}`,
  );
  sheet.columns = [
    { width: 40 },
    { width: 12 },
    { width: 22 },
    { width: 14 },
    { width: 13 },
    { width: 14 },
    { width: 12 },
    { width: 16 },
  ];
  const header = sheet.getRow(headerRow);
  header.values = [
    'EPCI',
    'SIREN',
    'Convention',
    'Population',
    'Taux par habitant',
    'Prorata',
    'Limité par',
    'Montant dû',
  ];
  styleHeader(header, 8);

  lineSheets.forEach(({ line, name }, index) => {
    const row = sheet.getRow(firstRow + index);
    const ref = (cell: string) => sheetRef(name, cell);
    const c = epciCells;
    row.values = [
      { text: neutraliseText(line.name), hyperlink: `#${sheetRef(name, 'A1')}` },
      neutraliseText(line.epci),
      neutraliseText(line.reference),
      formula(ref(c.population), line.population ?? 0),
      formula(ref(c.rate), line.rateE4 / 10_000),
      formula(
        `${ref(c.prorataNumerator)}&" / "&${ref(c.prorataDenominator)}`,
        `${line.prorataFraction.numerator} / ${line.prorataFraction.denominator}`,
      ),
      formula(ref(c.limitedBy), limitedByText(line)),
      formula(ref(c.amount), line.amountCents / 100),
    ];
    row.getCell(1).font = { color: { argb: 'FF1F4E79' }, underline: true };
    row.getCell(4).numFmt = formats.integer;
    row.getCell(5).numFmt = formats.rate;
    // A banded convention's rate cell is its first band's: said so, the grid in a note on the cell.
    if (line.bands?.length) {
      row.getCell(5).numFmt = '#,##0.0000 "€ (1re tranche)"';
      row.getCell(5).note = neutraliseText(`Tranches dégressives : ${describeBandsFr(line.bands)}`);
      sheet.getColumn(5).width = 22;
    }
    row.getCell(6).alignment = { horizontal: 'right' };
    row.getCell(8).numFmt = formats.euros;
    for (let column = 1; column <= 8; column += 1) row.getCell(column).border = thinBorder;
  });

  const totalRow = sheet.getRow(firstRow + lineSheets.length);
  const lastRow = firstRow + lineSheets.length - 1;
  const totalCents = current.lines.reduce((sum, line) => sum + line.amountCents, 0);
  totalRow.getCell(1).value = 'Total';
  totalRow.getCell(8).value = formula(
    lineSheets.length > 0 ? `ROUND(SUM(H${firstRow}:H${lastRow}),2)` : '0',
    totalCents / 100,
  );
  totalRow.getCell(8).numFmt = formats.euros;
  for (let column = 1; column <= 8; column += 1) {
    totalRow.getCell(column).font = bold;
    totalRow.getCell(column).fill = headerFill;
    totalRow.getCell(column).border = thinBorder;
  }

  let row = totalRow.number + 2;
  sheet.getCell(`A${row}`).value =
    'Chaque montant renvoie à la feuille de l’EPCI : changez-y le taux, le prorata, le plancher ou le plafond et le total suit.';
  sheet.getCell(`A${row}`).font = { italic: true };
  if (current.missing.length > 0) {
    row += 2;
    sheet.getCell(`A${row}`).value = 'Population manquante : aucun montant calculé';
    sheet.getCell(`A${row}`).font = bold;
    for (const missing of current.missing) {
      row += 1;
      sheet.getCell(`A${row}`).value = neutraliseText(missing.name);
      sheet.getCell(`B${row}`).value = neutraliseText(missing.epci);
      sheet.getCell(`C${row}`).value = neutraliseText(
        `population ${populationBasisLabels[missing.basis]}, millésime ${missing.millesime}`,
      );
    }
  }

  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: headerRow }];
  printSetup(sheet, `${headerRow}:${headerRow}`, generatedOn);
}
