import type ExcelJS from 'exceljs';
import type { BnrData } from './bnr-data.ts';
import { type BnrCells, header, widths } from './bnr-sheets.ts';
import { bold, formats, formula, frenchDate, isoDay, neutraliseText, writeTitle } from './cells.ts';

/** « Bibliothèques »: one row per library, plain figures from the patron register, with their source. */
export function writeLibrariesSheet(
  sheet: ExcelJS.Worksheet,
  data: BnrData,
): BnrCells['libraries'] & {
  rowsOf: Map<string, number[]>;
} {
  const on = frenchDate(isoDay(data.patronsOn));
  writeTitle(sheet, 'Bibliothèques du réseau', `Lecteurs comptés au ${on}`);
  header(sheet, 4, [
    'Bibliothèque',
    'Commune',
    'EPCI',
    'SIREN de l’EPCI',
    'Participe',
    'Participe depuis',
    'Lecteurs inscrits',
    'Lecteurs ayant accès',
    'Source',
  ]);
  widths(sheet, [34, 22, 30, 14, 10, 14, 12, 12, 48]);
  const rowsOf = new Map<string, number[]>();
  let row = 5;
  for (const library of data.libraries) {
    const r = row++;
    if (library.epci) rowsOf.set(library.epci, [...(rowsOf.get(library.epci) ?? []), r]);
    sheet.getCell(`A${r}`).value = neutraliseText(library.name);
    sheet.getCell(`B${r}`).value = neutraliseText(library.communeName);
    sheet.getCell(`C${r}`).value = neutraliseText(library.epciName ?? 'hors EPCI');
    sheet.getCell(`D${r}`).value = library.epci ?? '';
    sheet.getCell(`E${r}`).value = library.participating ? 'oui' : 'non';
    if (library.participatingSince) {
      sheet.getCell(`F${r}`).value = isoDay(library.participatingSince);
      sheet.getCell(`F${r}`).numFmt = formats.date;
    }
    sheet.getCell(`G${r}`).value = library.registered;
    sheet.getCell(`H${r}`).value = library.eligible;
    sheet.getCell(`I${r}`).value = `Registre des lecteurs au ${on} (règle d’accès en vigueur ce jour-là)`;
  }
  const last = row - 1;
  const t = row + 1;
  const sum = (column: string, value: number) =>
    last >= 5 ? formula(`SUM(${column}5:${column}${last})`, value) : 0;
  sheet.getCell(`A${t}`).value = 'Total';
  sheet.getCell(`G${t}`).value = sum(
    'G',
    data.libraries.reduce((s, l) => s + l.registered, 0),
  );
  sheet.getCell(`H${t}`).value = sum(
    'H',
    data.libraries.reduce((s, l) => s + l.eligible, 0),
  );
  sheet.getCell(`E${t}`).value =
    last >= 5
      ? formula(`COUNTIF(E5:E${last},"oui")`, data.libraries.filter((l) => l.participating).length)
      : 0;
  sheet.getRow(t).font = bold;
  sheet.views = [{ state: 'frozen', ySplit: 4 }];
  return { registered: `G${t}`, eligible: `H${t}`, participating: `E${t}`, rowsOf };
}
