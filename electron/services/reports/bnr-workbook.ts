import type ExcelJS from 'exceljs';
import { newWorkbook } from '../excel.ts';
import { writeBudgetSheet } from './bnr-budget-sheet.ts';
import type { BnrData } from './bnr-data.ts';
import { writeLibrariesSheet } from './bnr-libraries-sheet.ts';
import { type BnrCells, bnrSheets } from './bnr-sheets.ts';
import { writeTerritorySheet } from './bnr-territory-sheet.ts';
import { writeUsageSheet } from './bnr-usage-sheet.ts';
import {
  bold,
  frenchDate,
  neutraliseText,
  parisWallClock,
  printSetup,
  styleHeader,
  writeTitle,
} from './cells.ts';
import { surveySheetName, writeSurveySheet } from './survey-sheet.ts';

/** Writes the four data sheets into `workbook` (already holding the sheets that come first). */
function writeDataSheets(workbook: ExcelJS.Workbook, data: BnrData, generatedOn: string): BnrCells {
  // Created in reading order, filled in dependency order: Usages refers to Budget and Territoire, which
  // refers to Bibliothèques.
  const territorySheet = workbook.addWorksheet(bnrSheets.territory);
  const librariesSheet = workbook.addWorksheet(bnrSheets.libraries);
  const budgetSheet = workbook.addWorksheet(bnrSheets.budget);
  const usageSheet = workbook.addWorksheet(bnrSheets.usage);
  const { rowsOf, ...libraries } = writeLibrariesSheet(librariesSheet, data);
  const territory = writeTerritorySheet(territorySheet, data, rowsOf);
  const { budget, costLines } = writeBudgetSheet(budgetSheet, data);
  const usage = writeUsageSheet(usageSheet, data, { budget, costLines, territory });
  for (const sheet of [territorySheet, librariesSheet, budgetSheet, usageSheet])
    printSetup(sheet, '4:4', generatedOn);
  return { territory, libraries, budget, costLines, usage };
}

async function start(data: BnrData, title: string) {
  const workbook = await newWorkbook();
  workbook.creator = data.generatedBy;
  workbook.created = data.generatedAt;
  workbook.title = title;
  // Excel recomputes on opening; the cached values serve viewers that do not.
  workbook.calcProperties = { fullCalcOnLoad: true };
  return { workbook, generatedOn: frenchDate(parisWallClock(data.generatedAt)) };
}

const sheetDescriptions: [sheet: string, holds: string, sources: string][] = [
  [
    bnrSheets.territory,
    'Diagnostic du territoire : chaque EPCI, son statut, sa population, ses bibliothèques et lecteurs inscrits ; population couverte et part couverte (formules).',
    'INSEE, populations légales ; suivi des collectivités ; feuille Bibliothèques',
  ],
  [
    bnrSheets.libraries,
    'Chaque bibliothèque : commune, EPCI, participation, lecteurs inscrits et lecteurs ayant accès à la médiathèque numérique.',
    'Fiches des bibliothèques ; registre des lecteurs',
  ],
  [
    bnrSheets.budget,
    'Budget pluriannuel : coût du service, participations des EPCI et part du Département, chaque total étant la somme des lignes détaillées.',
    'Lignes de coût saisies ; calcul des participations (conventions)',
  ],
  [
    bnrSheets.usage,
    'Usages par année et plateforme, coût par usage et par lecteur actif, taux de pénétration par EPCI (formules).',
    'Rapports COUNTER des fournisseurs ; connexions comptées par le service central ; feuilles Budget et Territoire',
  ],
];

/**
 * « Dossier BNR » (issue 18, item 3): the territory, the libraries, a multi-year budget and the usage
 * indicators for the « Bibliothèque numérique de référence » label. Every derived figure is a live formula
 * over the cells it comes from (another sheet's when it comes from there); plain figures say their source.
 */
export async function writeBnrWorkbook(data: BnrData): Promise<Buffer> {
  const span = `${data.years[0]}–${data.years.at(-1)}`;
  const { workbook, generatedOn } = await start(data, `Dossier BNR ${span}`);
  const summary = workbook.addWorksheet(bnrSheets.summary);
  writeDataSheets(workbook, data, generatedOn);

  writeTitle(
    summary,
    `Dossier « Bibliothèque numérique de référence » — ${data.departementTitle}`,
    `Années ${span}`,
  );
  summary.getCell('A4').value = 'Établi le';
  summary.getCell('B4').value = generatedOn;
  summary.getCell('A5').value = 'Par';
  summary.getCell('B5').value = neutraliseText(data.generatedBy);
  summary.getCell('A6').value = 'Populations';
  summary.getCell('B6').value = `INSEE, populations légales ${data.millesime} (population municipale)`;
  const row = summary.getRow(8);
  row.values = ['Feuille', 'Ce qu’elle contient', 'Sources'];
  styleHeader(row, 3);
  sheetDescriptions.forEach(([sheet, holds, sources], index) => {
    const r = summary.getRow(9 + index);
    r.values = [sheet, holds, sources];
    r.alignment = { wrapText: true, vertical: 'top' };
    r.getCell(1).font = bold;
  });
  const note = 9 + sheetDescriptions.length + 1;
  summary.getCell(`A${note}`).value =
    'Les chiffres calculés sont des formules : en cliquant sur une cellule, on voit les cellules dont elle vient. Les chiffres saisis ou importés indiquent leur source dans la colonne « Source ».';
  summary.getColumn(1).width = 16;
  summary.getColumn(2).width = 80;
  summary.getColumn(3).width = 60;
  printSetup(summary, null, generatedOn, 'portrait');
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The yearly ministry survey's digital-resources figures (survey-sheet.ts) for one year. The data sheets
 * of that year travel in the same file: a formula pointing into another workbook breaks as soon as a file
 * is moved or renamed, and the survey must stay traceable wherever it is sent.
 */
export async function writeSurveyWorkbook(data: BnrData): Promise<Buffer> {
  const year = data.years.at(-1) as number;
  const { workbook, generatedOn } = await start(data, `Enquête annuelle ${year} — ressources numériques`);
  const survey = workbook.addWorksheet(surveySheetName(year));
  const cells = writeDataSheets(workbook, data, generatedOn);
  writeSurveySheet(survey, data, year, cells, generatedOn);
  printSetup(survey, '4:4', generatedOn, 'portrait');
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
