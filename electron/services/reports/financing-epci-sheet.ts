import type ExcelJS from 'exceljs';
import type { ContributionLine } from '../../../shared/domain/contributions/lines.ts';
import { perimeterLabels, populationBasisLabels, prorataLabels } from '../../../shared/domain/convention.ts';
import { writeAmountComputation, writeBandsTable, writeCommunesTable } from './amount-computation.ts';
import {
  formats,
  type InfoRow,
  isoDay,
  neutraliseText,
  printSetup,
  sectionHeader,
  writeInfoRows,
  writeTitle,
} from './cells.ts';
import { epciCells, type FinancingWorkbookInput } from './financing-layout.ts';

export function writeEpciSheet(
  sheet: ExcelJS.Worksheet,
  line: ContributionLine,
  input: FinancingWorkbookInput,
  generatedOn: string,
): void {
  const c = epciCells;
  const origin = line.source === 'scenario' ? 'scénario' : 'convention';
  writeTitle(
    sheet,
    `${line.name} (SIREN ${line.epci})`,
    `Contribution ${input.year} — ${origin} ${line.reference} — département ${input.departement}`,
  );
  sheet.columns = [{ width: 44 }, { width: 30 }, { width: 16 }, { width: 16 }, { width: 20 }];

  sectionHeader(sheet, 4, 'Convention');
  const info: InfoRow[] = [
    ['Référence', neutraliseText(line.reference)],
    ['Début', isoDay(line.start), formats.date],
    ['Fin', line.end ? isoDay(line.end) : 'sans date de fin', formats.date],
    [
      'Population',
      neutraliseText(
        `${populationBasisLabels[line.basis]}, millésime ${line.millesime}, ${perimeterLabels[line.perimeter]}`,
      ),
    ],
    ['Prorata', neutraliseText(`${line.prorataText} (${prorataLabels[line.prorataRule]})`)],
  ];
  writeInfoRows(sheet, 5, info);

  // The communes table comes after the steps; its range feeds the population formula.
  const communesHeader = c.stepsRow + line.steps.length + 1;

  sectionHeader(sheet, 11, 'Paramètres modifiables', 'Cellules jaunes : modifiez-les pour simuler');
  sectionHeader(sheet, 19, 'Calcul');
  const bandsFullYear = line.bands?.length ? writeBandsTable(sheet, c, line) : undefined;
  if (bandsFullYear) {
    [12, 18, 16, 12, 22].forEach((width, index) => {
      sheet.getColumn(6 + index).width = width;
    });
  }
  writeAmountComputation(
    sheet,
    c,
    line,
    { first: communesHeader + 1, last: communesHeader + line.communes.length },
    bandsFullYear,
  );

  sectionHeader(sheet, c.stepsRow - 1, 'Détail du calcul de l’application');
  line.steps.forEach((step, index) => {
    const cell = sheet.getCell(`A${c.stepsRow + index}`);
    cell.value = neutraliseText(step);
  });

  writeCommunesTable(sheet, communesHeader, line);

  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 2, activeCell: c.rate }];
  printSetup(sheet, `${communesHeader}:${communesHeader}`, generatedOn);
}
