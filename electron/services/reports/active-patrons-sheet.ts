import type ExcelJS from 'exceljs';
import type { ActivePatronsFigures, ActivePatronsLibrary } from '../active-patrons.ts';
import {
  bold,
  formats,
  formula,
  neutraliseText,
  printSetup,
  styleHeader,
  thinBorder,
  writeTitle,
} from './cells.ts';

export const activePatronsTitle = 'Lecteurs actifs';

/**
 * « Lecteurs actifs »: header on row 5, then per EPCI one row (its sums) followed by its libraries' rows,
 * then the libraries outside any EPCI, then the Département's row. Columns: A territory, B kind,
 * C active, D registered, E inhabitants, F active / registered (%), G active per 1,000 inhabitants.
 */
export const activePatronsLayout = {
  headerRow: 5,
  firstRow: 6,
  columns: { name: 'A', kind: 'B', active: 'C', registered: 'D', inhabitants: 'E', share: 'F', per1000: 'G' },
} as const;

/**
 * numerator × scale / denominator rounded half up to one decimal, as the app's exact decimal strings
 * (fractionToDecimalString): computed on integers, so a spreadsheet's floating point meets no midpoint
 * (the quotient of two integers this size is never within rounding of an integer it is not).
 */
const oneDecimal = (numerator: string, scale: number, denominator: string) =>
  // ISNUMBER: the Département's count is empty when never pulled, and says nothing rather than #VALUE!.
  `IF(AND(ISNUMBER(${numerator}),${denominator}>0),INT((2*${numerator}*${scale * 10}+${denominator})/(2*${denominator}))/10,"")`;

/** The same rounding in the app, for the cached values. */
function oneDecimalValue(numerator: number, scale: number, denominator: number): number | string {
  if (denominator <= 0) return '';
  return Math.floor((2 * numerator * scale * 10 + denominator) / (2 * denominator)) / 10;
}

const shareFormat = '0.0 "%"';
const per1000Format = '0.0';

export function writeActivePatronsSheet(
  sheet: ExcelJS.Worksheet,
  figures: ActivePatronsFigures,
  generatedOnText: string,
): void {
  const { year } = figures;
  writeTitle(
    sheet,
    `Lecteurs actifs ${year}`,
    'Lecteurs inscrits qui se sont connectés au moins une fois dans l’année à une ressource de la médiathèque numérique (chiffres du serveur central)',
  );
  sheet.getCell('A3').value =
    figures.fetchedAt === null
      ? `Pas encore de chiffres de connexion pour ${year} : synchronisez ce poste avec le serveur central.`
      : `Chiffres reçus du serveur central le ${figures.fetchedAt.slice(8, 10)}/${figures.fetchedAt.slice(5, 7)}/${figures.fetchedAt.slice(0, 4)}. Un lecteur compte dans la bibliothèque où il est inscrit ; habitants : population municipale ${figures.millesime} dans le département.`;
  sheet.getCell('A3').font = { italic: true, color: { argb: 'FF555555' } };
  sheet.columns = [
    { width: 44 },
    { width: 14 },
    { width: 14 },
    { width: 14 },
    { width: 14 },
    { width: 14 },
    { width: 16 },
  ];
  const { headerRow, firstRow } = activePatronsLayout;
  const header = sheet.getRow(headerRow);
  header.values = [
    'Territoire',
    'Niveau',
    'Lecteurs actifs',
    'Lecteurs inscrits',
    'Habitants',
    'Actifs / inscrits',
    'Actifs pour 1 000 habitants',
  ];
  styleHeader(header, 7);

  let row = firstRow;
  const libraryRows: number[] = [];
  const coveredRows: number[] = [];

  const writeLibrary = (library: ActivePatronsLibrary) => {
    const r = row++;
    libraryRows.push(r);
    sheet.getCell(`A${r}`).value = neutraliseText(library.name);
    sheet.getCell(`A${r}`).alignment = { indent: 2 };
    sheet.getCell(`B${r}`).value = 'bibliothèque';
    sheet.getCell(`C${r}`).value = library.active;
    sheet.getCell(`D${r}`).value = library.registered;
    sheet.getCell(`F${r}`).value = formula(
      oneDecimal(`C${r}`, 100, `D${r}`),
      oneDecimalValue(library.active, 100, library.registered),
    );
  };

  for (const epci of figures.epci) {
    const r = row++;
    const first = row;
    epci.libraries.forEach(writeLibrary);
    const last = row - 1;
    const active = epci.libraries.reduce((sum, l) => sum + l.active, 0);
    const registered = epci.libraries.reduce((sum, l) => sum + l.registered, 0);
    if (epci.covered) coveredRows.push(r);
    sheet.getCell(`A${r}`).value = neutraliseText(epci.name);
    sheet.getCell(`B${r}`).value = epci.covered ? 'EPCI' : 'EPCI (non couvert)';
    const sum = (column: string, value: number) =>
      last >= first ? formula(`SUM(${column}${first}:${column}${last})`, value) : 0;
    sheet.getCell(`C${r}`).value = sum('C', active);
    sheet.getCell(`D${r}`).value = sum('D', registered);
    sheet.getCell(`E${r}`).value = epci.population;
    sheet.getCell(`F${r}`).value = formula(
      oneDecimal(`C${r}`, 100, `D${r}`),
      oneDecimalValue(active, 100, registered),
    );
    sheet.getCell(`G${r}`).value = formula(
      oneDecimal(`C${r}`, 1000, `E${r}`),
      oneDecimalValue(active, 1000, epci.population),
    );
    sheet.getRow(r).font = bold;
  }
  if (figures.outside.length > 0) {
    const r = row++;
    sheet.getCell(`A${r}`).value = 'Bibliothèques hors EPCI du département';
    sheet.getCell(`A${r}`).font = { italic: true };
    figures.outside.forEach(writeLibrary);
  }

  // The Département: distinct active patrons as the central service counted them (one patron at two
  // libraries counts once), never the sum of the rows above; registered: every library's.
  const total = row + 1;
  const registered = [...figures.epci.flatMap((e) => e.libraries), ...figures.outside].reduce(
    (sum, l) => sum + l.registered,
    0,
  );
  const covered = figures.epci.filter((e) => e.covered).reduce((sum, e) => sum + e.population, 0);
  const active = figures.departementActive;
  sheet.getCell(`A${total}`).value = 'Département (lecteurs distincts ; habitants des EPCI couverts)';
  sheet.getCell(`B${total}`).value = 'Département';
  sheet.getCell(`C${total}`).value = active ?? '';
  sheet.getCell(`D${total}`).value =
    libraryRows.length > 0 ? formula(libraryRows.map((r) => `D${r}`).join('+'), registered) : 0;
  sheet.getCell(`E${total}`).value =
    coveredRows.length > 0 ? formula(coveredRows.map((r) => `E${r}`).join('+'), covered) : 0;
  sheet.getCell(`F${total}`).value = formula(
    oneDecimal(`C${total}`, 100, `D${total}`),
    active === null ? '' : oneDecimalValue(active, 100, registered),
  );
  sheet.getCell(`G${total}`).value = formula(
    oneDecimal(`C${total}`, 1000, `E${total}`),
    active === null ? '' : oneDecimalValue(active, 1000, covered),
  );
  sheet.getRow(total).font = bold;

  for (let r = firstRow; r <= total; r += 1) {
    for (const column of ['C', 'D', 'E']) sheet.getCell(`${column}${r}`).numFmt = formats.integer;
    sheet.getCell(`F${r}`).numFmt = shareFormat;
    sheet.getCell(`G${r}`).numFmt = per1000Format;
    if (r !== total - 1) for (let c = 1; c <= 7; c += 1) sheet.getRow(r).getCell(c).border = thinBorder;
  }
  sheet.views = [{ state: 'frozen', ySplit: headerRow }];
  printSetup(sheet, `${headerRow}:${headerRow}`, generatedOnText, 'portrait');
}

/** The Département row's number: after the last library row and a blank row. */
export function activePatronsTotalRow(figures: ActivePatronsFigures): number {
  const rows =
    figures.epci.reduce((sum, e) => sum + 1 + e.libraries.length, 0) +
    (figures.outside.length > 0 ? 1 + figures.outside.length : 0);
  return activePatronsLayout.firstRow + rows + 1;
}
