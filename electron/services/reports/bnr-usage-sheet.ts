import type ExcelJS from 'exceljs';
import type { BnrData } from './bnr-data.ts';
import {
  type BnrCells,
  bnrSheets,
  euros,
  exactRound,
  exactRoundValue,
  header,
  ref,
  widths,
} from './bnr-sheets.ts';
import { bold, formats, formula, frenchDate, neutraliseText, writeTitle } from './cells.ts';

/** The value of a cell that may be empty (a figure the app does not have). */
const orEmpty = (value: number | null) => value ?? '';

/**
 * « Usages »: per year and platform the uses (COUNTER) and active patrons (sign-ins) as plain figures
 * with their source; cost, cost per use and per active patron as formulas over « Budget »; penetration per
 * EPCI over « Territoire ».
 */
export function writeUsageSheet(
  sheet: ExcelJS.Worksheet,
  data: BnrData,
  cells: Pick<BnrCells, 'budget' | 'costLines' | 'territory'>,
): BnrCells['usage'] {
  const budget = bnrSheets.budget;
  const territory = bnrSheets.territory;
  writeTitle(
    sheet,
    'Usages de la médiathèque numérique',
    'Usages : rapports COUNTER des fournisseurs ; lecteurs actifs : connexions comptées par le service central',
  );
  widths(sheet, [10, 30, 16, 14, 14, 14, 16, 56]);
  const perUseFormula = (cost: string, count: string, needCost: boolean) =>
    `IF(AND(ISNUMBER(${cost}),ISNUMBER(${count}),${needCost ? `${cost}>0,` : ''}${count}>0),${exactRound(`ROUND(${cost}*100,0)`, 1, count, 0)}/100,"")`;
  const perUseValue = (costCents: number | null, count: number | null) =>
    costCents !== null && count !== null && count > 0 ? exactRoundValue(costCents, 1, count, 0) / 100 : '';

  header(sheet, 4, [
    'Année',
    'Plateforme',
    'Usages (consultations et téléchargements)',
    'Lecteurs actifs',
    'Coût (€)',
    'Coût par usage (€)',
    'Coût par lecteur actif (€)',
    'Source',
  ]);
  let row = 5;
  const platformRows = new Map<number, number[]>();
  const costOfLines = new Map(data.costs.map((c) => [c.id, c.amountCents]));
  for (const year of data.usage) {
    const rows: number[] = [];
    for (const p of year.platforms) {
      const r = row++;
      rows.push(r);
      const costCents =
        p.costLineIds.length > 0 ? p.costLineIds.reduce((s, id) => s + (costOfLines.get(id) ?? 0), 0) : null;
      sheet.getCell(`A${r}`).value = year.year;
      sheet.getCell(`B${r}`).value = neutraliseText(p.platform);
      sheet.getCell(`C${r}`).value = orEmpty(p.requests);
      sheet.getCell(`D${r}`).value = orEmpty(p.activePatrons);
      const lineCells = p.costLineIds.map((id) => cells.costLines.get(id)).filter((c) => c !== undefined);
      sheet.getCell(`E${r}`).value =
        costCents === null ? '' : formula(lineCells.map((c) => ref(budget, c)).join('+'), euros(costCents));
      sheet.getCell(`F${r}`).value = formula(
        perUseFormula(`E${r}`, `C${r}`, false),
        perUseValue(costCents, p.requests),
      );
      sheet.getCell(`G${r}`).value = formula(
        perUseFormula(`E${r}`, `D${r}`, false),
        perUseValue(costCents, p.activePatrons),
      );
      const activity = year.activityFetchedAt
        ? `lecteurs actifs : service central, relevé le ${frenchDate(new Date(year.activityFetchedAt))}`
        : 'lecteurs actifs : pas encore relevés';
      sheet.getCell(`H${r}`).value = neutraliseText(
        `${p.source} ; ${activity} ; coût : lignes de coût de la feuille Budget`,
      );
    }
    platformRows.set(year.year, rows);
  }

  const deptHeader = row + 2;
  sheet.getCell(`A${deptHeader - 1}`).value = 'Ensemble du Département';
  sheet.getCell(`A${deptHeader - 1}`).font = bold;
  header(sheet, deptHeader, [
    'Année',
    'Plateformes',
    'Usages',
    'Lecteurs actifs (distincts)',
    'Coût total (€)',
    'Coût par usage (€)',
    'Coût par lecteur actif (€)',
    'Source',
  ]);
  row = deptHeader + 1;
  const usage: BnrCells['usage'] = new Map();
  for (const year of data.usage) {
    const r = row++;
    const rows = platformRows.get(year.year) ?? [];
    const requests = year.platforms.reduce((s, p) => s + (p.requests ?? 0), 0);
    const costCents = data.costs.filter((c) => c.year === year.year).reduce((s, c) => s + c.amountCents, 0);
    const budgetCell = cells.budget.get(year.year)?.cost;
    sheet.getCell(`A${r}`).value = year.year;
    sheet.getCell(`B${r}`).value =
      rows.length > 0 ? formula(`COUNTA(B${rows[0]}:B${rows.at(-1)})`, rows.length) : 0;
    sheet.getCell(`C${r}`).value =
      rows.length > 0 ? formula(`SUM(C${rows[0]}:C${rows.at(-1)})`, requests) : 0;
    sheet.getCell(`D${r}`).value = orEmpty(year.departementActive);
    sheet.getCell(`E${r}`).value = budgetCell ? formula(ref(budget, budgetCell), euros(costCents)) : 0;
    sheet.getCell(`F${r}`).value = formula(
      perUseFormula(`E${r}`, `C${r}`, true),
      costCents > 0 ? perUseValue(costCents, requests) : '',
    );
    sheet.getCell(`G${r}`).value = formula(
      perUseFormula(`E${r}`, `D${r}`, true),
      costCents > 0 ? perUseValue(costCents, year.departementActive) : '',
    );
    sheet.getCell(`H${r}`).value =
      'Usages : somme des plateformes ci-dessus ; lecteurs actifs : service central (une personne sur deux plateformes compte une fois) ; coût : feuille Budget';
    usage.set(year.year, {
      uses: `C${r}`,
      active: `D${r}`,
      cost: `E${r}`,
      perUse: `F${r}`,
      perActive: `G${r}`,
      platforms: `B${r}`,
    });
  }

  const penHeader = row + 2;
  sheet.getCell(`A${penHeader - 1}`).value =
    'Taux de pénétration par EPCI (lecteurs actifs pour 1 000 habitants)';
  sheet.getCell(`A${penHeader - 1}`).font = bold;
  header(sheet, penHeader, [
    'Année',
    'EPCI',
    'Couvert',
    'Population',
    'Lecteurs actifs',
    'Pour 1 000 habitants',
    '',
    'Source',
  ]);
  row = penHeader + 1;
  const per1000 = (active: string, population: string) =>
    `IF(AND(ISNUMBER(${active}),${population}>0),${exactRound(active, 1000, population, 1)},"")`;
  const per1000Value = (active: number | null, population: number) =>
    active !== null && population > 0 ? exactRoundValue(active, 1000, population, 1) : '';
  for (const year of data.usage) {
    const first = row;
    const pulled = year.activityFetchedAt !== null;
    for (const epci of data.epci) {
      const r = row++;
      const at = cells.territory.rows.get(epci.siren) as number;
      const active = year.epciActive.find((e) => e.siren === epci.siren)?.activePatrons ?? null;
      sheet.getCell(`A${r}`).value = year.year;
      sheet.getCell(`B${r}`).value = formula(ref(territory, `A${at}`), epci.name);
      sheet.getCell(`C${r}`).value = formula(ref(territory, `G${at}`), epci.covered ? 'oui' : 'non');
      sheet.getCell(`D${r}`).value = formula(ref(territory, `D${at}`), epci.population);
      sheet.getCell(`E${r}`).value = orEmpty(active);
      sheet.getCell(`F${r}`).value = formula(
        per1000(`E${r}`, `D${r}`),
        per1000Value(active, epci.population),
      );
      sheet.getCell(`F${r}`).numFmt = '0.0';
      sheet.getCell(`H${r}`).value = pulled
        ? 'Lecteurs actifs des bibliothèques de l’EPCI (service central) ; population : feuille Territoire'
        : 'Lecteurs actifs pas encore relevés pour cette année';
    }
    const last = row - 1;
    const r = row++;
    const covered = data.epci.filter((e) => e.covered);
    const coveredPopulation = covered.reduce((s, e) => s + e.population, 0);
    const coveredActive = covered.reduce(
      (s, e) => s + (year.epciActive.find((a) => a.siren === e.siren)?.activePatrons ?? 0),
      0,
    );
    sheet.getCell(`A${r}`).value = year.year;
    sheet.getCell(`B${r}`).value = 'EPCI couverts ensemble';
    sheet.getCell(`D${r}`).value =
      last >= first ? formula(`SUMIF(C${first}:C${last},"oui",D${first}:D${last})`, coveredPopulation) : 0;
    sheet.getCell(`E${r}`).value = pulled
      ? last >= first
        ? formula(`SUMIF(C${first}:C${last},"oui",E${first}:E${last})`, coveredActive)
        : 0
      : '';
    sheet.getCell(`F${r}`).value = formula(
      per1000(`E${r}`, `D${r}`),
      pulled ? per1000Value(coveredActive, coveredPopulation) : '',
    );
    sheet.getCell(`F${r}`).numFmt = '0.0';
    sheet.getCell(`H${r}`).value =
      'Moyenne des EPCI couverts : sommes des lignes ci-dessus dont « Couvert » vaut « oui »';
    sheet.getRow(r).font = bold;
  }
  for (let r = 5; r < row; r += 1) {
    for (const c of ['C', 'D']) sheet.getCell(`${c}${r}`).numFmt ||= formats.integer;
    for (const c of ['E', 'F', 'G']) if (r < penHeader) sheet.getCell(`${c}${r}`).numFmt = formats.euros;
  }
  sheet.views = [{ state: 'frozen', ySplit: 4 }];
  return usage;
}
