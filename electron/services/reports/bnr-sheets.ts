import type ExcelJS from 'exceljs';
import type { BnrData } from './bnr-data.ts';
import {
  bold,
  formats,
  formula,
  frenchDate,
  isoDay,
  neutraliseText,
  sheetRef,
  styleHeader,
  writeTitle,
} from './cells.ts';

/** The data sheets' names, fixed so the survey's formulas and the tests can point at them. */
export const bnrSheets = {
  summary: 'Sommaire',
  territory: 'Territoire',
  libraries: 'Bibliothèques',
  budget: 'Budget',
  usage: 'Usages',
} as const;

/** Where the figures a later sheet (Usages, the survey) refers to were written. */
export interface BnrCells {
  territory: {
    /** Per EPCI (by SIREN): its row on « Territoire ». */
    rows: Map<string, number>;
    populationTotal: string;
    departementPopulation: string;
    coveredPopulation: string;
    coveredShare: string;
    libraries: string;
    registered: string;
  };
  libraries: { registered: string; eligible: string; participating: string };
  /** Per year: the cells of the year's cost, contributions and Département's share on « Budget ». */
  budget: Map<number, { cost: string; contributions: string; share: string; costLines: string }>;
  /** Per cost line id: its amount's cell on « Budget ». */
  costLines: Map<string, string>;
  /** Per year: the Département's row on « Usages ». */
  usage: Map<
    number,
    { uses: string; active: string; cost: string; perUse: string; perActive: string; platforms: string }
  >;
}

const euros = (cents: number) => cents / 100;
const ref = (sheet: string, cell: string) => sheetRef(sheet, cell);

/**
 * Rounding half up exactly as the app does (fractionToDecimalString), on integers only: a spreadsheet's
 * ROUND on a binary quotient could part from it on a half. numerator × scale / denominator, `digits` decimals.
 */
const exactRound = (numerator: string, scale: number, denominator: string, digits: number) =>
  `INT((2*${numerator}*${scale * 10 ** digits}+${denominator})/(2*${denominator}))/${10 ** digits}`;
const exactRoundValue = (numerator: number, scale: number, denominator: number, digits: number) =>
  Math.floor((2 * numerator * scale * 10 ** digits + denominator) / (2 * denominator)) / 10 ** digits;

function header(sheet: ExcelJS.Worksheet, row: number, labels: string[]): void {
  labels.forEach((label, index) => {
    sheet.getRow(row).getCell(index + 1).value = label;
  });
  styleHeader(sheet.getRow(row), labels.length);
}

function widths(sheet: ExcelJS.Worksheet, values: number[]): void {
  values.forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
  });
}

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

/** « Budget »: per year, the service's cost and the EPCI contributions summed from their lines below. */
export function writeBudgetSheet(
  sheet: ExcelJS.Worksheet,
  data: BnrData,
): Pick<BnrCells, 'budget' | 'costLines'> {
  writeTitle(
    sheet,
    `Budget de la médiathèque numérique ${data.years[0]}–${data.years.at(-1)}`,
    'Chaque total est une formule sur les lignes détaillées plus bas',
  );
  widths(sheet, [10, 30, 36, 16, 16, 48]);
  header(sheet, 4, [
    'Année',
    'Coût du service (€)',
    'Participations des EPCI (€)',
    'Part du Département (€)',
  ]);
  const summaryFirst = 5;
  const costHeader = summaryFirst + data.years.length + 2;
  const costFirst = costHeader + 1;
  const costs = [...data.costs].sort(
    (a, b) =>
      a.year - b.year || a.vendor.localeCompare(b.vendor, 'fr') || a.label.localeCompare(b.label, 'fr'),
  );
  const costLast = costFirst + costs.length - 1;
  const contributionHeader = costLast + 3;
  const contributionFirst = contributionHeader + 1;
  const contributions = [...data.contributions].sort(
    (a, b) => a.year - b.year || a.epciName.localeCompare(b.epciName, 'fr'),
  );
  const contributionLast = contributionFirst + contributions.length - 1;

  sheet.getCell(`A${costHeader - 1}`).value = 'Lignes de coût (par fournisseur)';
  sheet.getCell(`A${costHeader - 1}`).font = bold;
  header(sheet, costHeader, ['Année', 'Fournisseur', 'Libellé', 'Montant (€)', '', 'Source']);
  const costLines = new Map<string, string>();
  costs.forEach((line, index) => {
    const r = costFirst + index;
    costLines.set(line.id, `D${r}`);
    sheet.getCell(`A${r}`).value = line.year;
    sheet.getCell(`B${r}`).value = neutraliseText(line.vendor);
    sheet.getCell(`C${r}`).value = neutraliseText(line.label);
    sheet.getCell(`D${r}`).value = euros(line.amountCents);
    sheet.getCell(`D${r}`).numFmt = formats.euros;
    sheet.getCell(`F${r}`).value = 'Lignes de coût saisies dans l’application (Participations › Coûts)';
  });

  sheet.getCell(`A${contributionHeader - 1}`).value = 'Participations des EPCI (conventions en vigueur)';
  sheet.getCell(`A${contributionHeader - 1}`).font = bold;
  header(sheet, contributionHeader, ['Année', 'EPCI', 'Convention', 'Montant (€)', '', 'Source']);
  contributions.forEach((line, index) => {
    const r = contributionFirst + index;
    sheet.getCell(`A${r}`).value = line.year;
    sheet.getCell(`B${r}`).value = neutraliseText(line.epciName);
    sheet.getCell(`C${r}`).value = neutraliseText(line.reference);
    sheet.getCell(`D${r}`).value = euros(line.amountCents);
    sheet.getCell(`D${r}`).numFmt = formats.euros;
    sheet.getCell(`F${r}`).value =
      'Calcul des participations (conventions, populations légales, prorata) — voir le rapport de financement';
  });

  const budget: BnrCells['budget'] = new Map();
  data.years.forEach((year, index) => {
    const r = summaryFirst + index;
    const cost = data.costs.filter((c) => c.year === year).reduce((s, c) => s + c.amountCents, 0);
    const contributed = data.contributions
      .filter((c) => c.year === year)
      .reduce((s, c) => s + c.amountCents, 0);
    sheet.getCell(`A${r}`).value = year;
    sheet.getCell(`B${r}`).value =
      costs.length > 0
        ? formula(`SUMIF($A$${costFirst}:$A$${costLast},A${r},$D$${costFirst}:$D$${costLast})`, euros(cost))
        : 0;
    sheet.getCell(`C${r}`).value =
      contributions.length > 0
        ? formula(
            `SUMIF($A$${contributionFirst}:$A$${contributionLast},A${r},$D$${contributionFirst}:$D$${contributionLast})`,
            euros(contributed),
          )
        : 0;
    sheet.getCell(`D${r}`).value = formula(`B${r}-C${r}`, euros(cost - contributed));
    for (const c of ['B', 'C', 'D']) sheet.getCell(`${c}${r}`).numFmt = formats.euros;
    budget.set(year, {
      cost: `B${r}`,
      contributions: `C${r}`,
      share: `D${r}`,
      costLines: costs.length > 0 ? `$A$${costFirst}:$A$${costLast}` : '',
    });
  });
  sheet.views = [{ state: 'frozen', ySplit: 4 }];
  return { budget, costLines };
}

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
