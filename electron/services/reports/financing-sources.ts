import type ExcelJS from 'exceljs';
import { perimeterLabels, populationBasisLabels } from '../../../shared/domain/convention.ts';
import {
  bold,
  formats,
  isoDay,
  neutraliseText,
  printSetup,
  styleHeader,
  thinBorder,
  writeTitle,
} from './cells.ts';
import { type FinancingWorkbookInput, type LineSheet, situationLabel } from './financing-layout.ts';

export function writeSources(
  sheet: ExcelJS.Worksheet,
  lineSheets: readonly LineSheet[],
  input: FinancingWorkbookInput,
  generatedOn: Date,
  generatedOnText: string,
): void {
  writeTitle(sheet, 'Sources et méthode', `Rapport de financement ${input.year}`);
  sheet.columns = [
    { width: 28 },
    { width: 34 },
    { width: 12 },
    { width: 22 },
    { width: 12 },
    { width: 12 },
    { width: 12 },
    { width: 11 },
    { width: 10 },
    { width: 30 },
    { width: 14 },
  ];

  const millesimes = new Map<string, string>();
  for (const result of input.scenarios) {
    for (const line of result.lines) {
      const label = `${line.millesime} (population ${populationBasisLabels[line.basis]})`;
      millesimes.set(`${line.millesime}-${line.basis}`, label);
    }
  }
  const about: Array<[string, ExcelJS.CellValue, string?]> = [
    ['Année', input.year],
    ['Département', neutraliseText(input.departement)],
    ['Généré le', generatedOn, formats.dateTime],
    ['Généré par', neutraliseText(input.generatedBy)],
    ['Situations', neutraliseText(input.scenarios.map(situationLabel).join(' ; '))],
    [
      'Millésimes INSEE',
      neutraliseText(
        [...millesimes.entries()]
          .sort()
          .map(([, label]) => label)
          .join(' ; ') || '—',
      ),
    ],
    [
      'Méthode',
      'population × taux × prorata, plancher et plafond appliqués au montant exact, arrondi au centime (demi-centime vers le haut) une seule fois.',
    ],
  ];
  about.forEach(([label, value, numFmt], index) => {
    const row = 4 + index;
    sheet.getCell(`A${row}`).value = label;
    sheet.getCell(`A${row}`).font = bold;
    const cell = sheet.getCell(`B${row}`);
    cell.value = value;
    cell.alignment = { horizontal: 'left' };
    if (numFmt) cell.numFmt = numFmt;
  });

  const headerRow = 4 + about.length + 1;
  const header = sheet.getRow(headerRow);
  header.values = [
    'Situation',
    'EPCI',
    'SIREN',
    'Référence',
    'Origine',
    'Début',
    'Fin',
    'Base',
    'Millésime',
    'Périmètre',
    'Feuille',
  ];
  styleHeader(header, 11);
  const sheetOf = new Map(lineSheets.map((entry) => [entry.line, entry.name]));
  let rowNumber = headerRow;
  input.scenarios.forEach((result, index) => {
    for (const line of result.lines) {
      rowNumber += 1;
      const row = sheet.getRow(rowNumber);
      row.values = [
        neutraliseText(situationLabel(result, index)),
        neutraliseText(line.name),
        neutraliseText(line.epci),
        neutraliseText(line.reference),
        line.source === 'scenario' ? 'scénario' : 'convention',
        isoDay(line.start),
        line.end ? isoDay(line.end) : 'sans fin',
        populationBasisLabels[line.basis],
        line.millesime,
        perimeterLabels[line.perimeter],
        neutraliseText(sheetOf.get(line) ?? '—'),
      ];
      row.getCell(6).numFmt = formats.date;
      row.getCell(7).numFmt = formats.date;
      for (let column = 1; column <= 11; column += 1) row.getCell(column).border = thinBorder;
    }
  });

  const missing = input.scenarios.flatMap((result, index) =>
    result.missing.map((entry) => ({ entry, label: situationLabel(result, index) })),
  );
  if (missing.length > 0) {
    rowNumber += 2;
    sheet.getCell(`A${rowNumber}`).value = 'Population manquante (aucun montant calculé)';
    sheet.getCell(`A${rowNumber}`).font = bold;
    for (const { entry, label } of missing) {
      rowNumber += 1;
      sheet.getRow(rowNumber).values = [
        neutraliseText(label),
        neutraliseText(entry.name),
        neutraliseText(entry.epci),
        neutraliseText(`population ${populationBasisLabels[entry.basis]}, millésime ${entry.millesime}`),
      ];
    }
  }

  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 2 }];
  printSetup(sheet, `${headerRow}:${headerRow}`, generatedOnText);
}
