import type ExcelJS from 'exceljs';
import type { BnrData } from './bnr-data.ts';
import { type BnrCells, bnrSheets, exactRound, exactRoundValue, header, ref, widths } from './bnr-sheets.ts';
import { bold, formats, formula, neutraliseText, writeTitle } from './cells.ts';

/** « Territoire »: per EPCI, population (plain, INSEE), its libraries and patrons (from « Bibliothèques »). */
export function writeTerritorySheet(
  sheet: ExcelJS.Worksheet,
  data: BnrData,
  libraryRows: Map<string, number[]>,
): BnrCells['territory'] {
  const lib = bnrSheets.libraries;
  writeTitle(
    sheet,
    `Diagnostic du territoire — ${data.departementTitle}`,
    `Populations légales INSEE, millésime ${data.millesime} (population municipale)`,
  );
  header(sheet, 4, [
    'EPCI',
    'SIREN',
    'Statut',
    `Population (INSEE ${data.millesime})`,
    'Bibliothèques',
    'Lecteurs inscrits',
    'Couvert',
    'Source',
  ]);
  widths(sheet, [34, 12, 24, 14, 13, 12, 9, 48]);
  const rows = new Map<string, number>();
  let row = 5;
  const registeredOf = new Map<string, number>();
  for (const l of data.libraries)
    if (l.epci) registeredOf.set(l.epci, (registeredOf.get(l.epci) ?? 0) + l.registered);
  for (const epci of data.epci) {
    const r = row++;
    rows.set(epci.siren, r);
    const own = libraryRows.get(epci.siren) ?? [];
    sheet.getCell(`A${r}`).value = neutraliseText(epci.name);
    sheet.getCell(`B${r}`).value = epci.siren;
    sheet.getCell(`C${r}`).value = neutraliseText(epci.status);
    sheet.getCell(`D${r}`).value = epci.population;
    sheet.getCell(`E${r}`).value =
      own.length > 0 ? formula(`COUNTA(${own.map((n) => ref(lib, `A${n}`)).join(',')})`, own.length) : 0;
    sheet.getCell(`F${r}`).value =
      own.length > 0
        ? formula(`SUM(${own.map((n) => ref(lib, `G${n}`)).join(',')})`, registeredOf.get(epci.siren) ?? 0)
        : 0;
    sheet.getCell(`G${r}`).value = epci.covered ? 'oui' : 'non';
    sheet.getCell(`H${r}`).value =
      `INSEE, populations légales ${data.millesime} ; statut : suivi des collectivités`;
  }
  const last = row - 1;
  const t = row;
  const sum = (column: string, value: number) =>
    last >= 5 ? formula(`SUM(${column}5:${column}${last})`, value) : 0;
  sheet.getCell(`A${t}`).value = 'Total des EPCI';
  sheet.getCell(`D${t}`).value = sum(
    'D',
    data.epci.reduce((s, e) => s + e.population, 0),
  );
  sheet.getCell(`E${t}`).value = sum(
    'E',
    data.epci.reduce((s, e) => s + (libraryRows.get(e.siren)?.length ?? 0), 0),
  );
  sheet.getCell(`F${t}`).value = sum(
    'F',
    data.epci.reduce((s, e) => s + (registeredOf.get(e.siren) ?? 0), 0),
  );
  sheet.getRow(t).font = bold;

  const dep = t + 2;
  const cov = t + 3;
  const share = t + 4;
  const covered = data.epci.filter((e) => e.covered).reduce((s, e) => s + e.population, 0);
  sheet.getCell(`A${dep}`).value = 'Population du département';
  sheet.getCell(`D${dep}`).value = data.departementPopulation;
  sheet.getCell(`H${dep}`).value = `INSEE, populations légales ${data.millesime} (population municipale)`;
  sheet.getCell(`A${cov}`).value = 'Population couverte (EPCI participants)';
  sheet.getCell(`D${cov}`).value = last >= 5 ? formula(`SUMIF(G5:G${last},"oui",D5:D${last})`, covered) : 0;
  sheet.getCell(`H${cov}`).value = 'Somme des EPCI dont la colonne « Couvert » vaut « oui »';
  sheet.getCell(`A${share}`).value = 'Part de la population couverte (%)';
  sheet.getCell(`D${share}`).value = formula(
    `IF(D${dep}>0,${exactRound(`D${cov}`, 100, `D${dep}`, 1)},"")`,
    data.departementPopulation > 0 ? exactRoundValue(covered, 100, data.departementPopulation, 1) : '',
  );
  sheet.getCell(`D${share}`).numFmt = '0.0';
  for (const r of [dep, cov, share]) sheet.getRow(r).font = bold;
  for (let r = 5; r <= cov; r += 1) {
    for (const c of ['D', 'E', 'F']) sheet.getCell(`${c}${r}`).numFmt = formats.integer;
  }
  sheet.views = [{ state: 'frozen', ySplit: 4 }];
  return {
    rows,
    populationTotal: `D${t}`,
    departementPopulation: `D${dep}`,
    coveredPopulation: `D${cov}`,
    coveredShare: `D${share}`,
    libraries: `E${t}`,
    registered: `F${t}`,
  };
}
