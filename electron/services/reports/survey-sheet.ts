import type ExcelJS from 'exceljs';
import type { BnrData } from './bnr-data.ts';
import { type BnrCells, bnrSheets } from './bnr-sheets.ts';
import { bold, formats, formula, sheetRef, styleHeader, writeTitle } from './cells.ts';

export const surveySheetName = (year: number) => `Enquête ${year}`;

/** The first item's row; one item a row, in `surveyItemKeys` order (the tests read them by key). */
export const surveyFirstRow = 5;

/**
 * The digital-resources figures the Observatoire de la lecture publique's yearly survey of the
 * départemental libraries asks for (sections « collections », « budget », « services à destination du
 * grand public » and « services auprès du réseau »). The questionnaire's item numbers change from one
 * year to the next, so items are named by what they ask, for staff to copy into the form.
 */
export const surveyItemKeys = [
  'platforms',
  'expenses',
  'contributions',
  'uses',
  'activePatrons',
  'costPerUse',
  'costPerActive',
  'libraries',
  'patronsWithAccess',
  'coveredPopulation',
  'coveredShare',
] as const;
type Key = (typeof surveyItemKeys)[number];

interface Item {
  label: string;
  unit: string;
  expression: string;
  value: number | string;
  from: string;
  numFmt?: string;
}

export function writeSurveySheet(
  sheet: ExcelJS.Worksheet,
  data: BnrData,
  year: number,
  cells: BnrCells,
  _generatedOn: string,
): void {
  const usageYear = data.usage.find((u) => u.year === year);
  const budget = cells.budget.get(year);
  const usage = cells.usage.get(year);
  if (!usageYear || !budget || !usage) throw new RangeError(`No figures for ${year} in the survey's data.`);
  const costCents = data.costs.filter((c) => c.year === year).reduce((s, c) => s + c.amountCents, 0);
  const contributed = data.contributions
    .filter((c) => c.year === year)
    .reduce((s, c) => s + c.amountCents, 0);
  const requests = usageYear.platforms.reduce((s, p) => s + (p.requests ?? 0), 0);
  const b = (cell: string) => sheetRef(bnrSheets.budget, cell);
  const u = (cell: string) => sheetRef(bnrSheets.usage, cell);
  const t = (cell: string) => sheetRef(bnrSheets.territory, cell);
  const l = (cell: string) => sheetRef(bnrSheets.libraries, cell);
  const perUnit = (count: number | null) =>
    costCents > 0 && count !== null && count > 0
      ? Math.floor((2 * costCents + count) / (2 * count)) / 100
      : '';
  const covered = data.epci.filter((e) => e.covered).reduce((s, e) => s + e.population, 0);

  const items: Record<Key, Item> = {
    platforms: {
      label: 'Nombre de ressources numériques (plateformes) proposées au public',
      unit: 'ressources',
      expression: u(usage.platforms),
      value: usageYear.platforms.length,
      from: `Usages, ligne « Ensemble du Département » ${year}, colonne Plateformes`,
    },
    expenses: {
      label: 'Dépenses pour les ressources numériques (abonnements, licences, droits d’accès)',
      unit: '€',
      expression: b(budget.cost),
      value: costCents / 100,
      from: `Budget, coût du service ${year} (somme des lignes de coût)`,
      numFmt: formats.euros,
    },
    contributions: {
      label: 'dont financé par les collectivités desservies (participations des EPCI)',
      unit: '€',
      expression: b(budget.contributions),
      value: contributed / 100,
      from: `Budget, participations des EPCI ${year}`,
      numFmt: formats.euros,
    },
    uses: {
      label: 'Nombre de consultations et téléchargements des ressources numériques',
      unit: 'usages',
      expression: u(usage.uses),
      value: requests,
      from: `Usages ${year} : total des rapports COUNTER (Total_Item_Requests)`,
      numFmt: formats.integer,
    },
    activePatrons: {
      label: 'Usagers actifs des ressources numériques (au moins une connexion dans l’année)',
      unit: 'personnes',
      expression: `IF(ISNUMBER(${u(usage.active)}),${u(usage.active)},"")`,
      value: usageYear.departementActive ?? '',
      from: `Usages ${year} : lecteurs actifs distincts comptés par le service central`,
      numFmt: formats.integer,
    },
    costPerUse: {
      label: 'Coût par consultation ou téléchargement',
      unit: '€',
      expression: u(usage.perUse),
      value: perUnit(requests),
      from: `Usages ${year}, coût par usage`,
      numFmt: formats.euros,
    },
    costPerActive: {
      label: 'Coût par usager actif',
      unit: '€',
      expression: u(usage.perActive),
      value: perUnit(usageYear.departementActive),
      from: `Usages ${year}, coût par lecteur actif`,
      numFmt: formats.euros,
    },
    libraries: {
      label: 'Bibliothèques du réseau donnant accès aux ressources numériques',
      unit: 'bibliothèques',
      expression: l(cells.libraries.participating),
      value: data.libraries.filter((x) => x.participating).length,
      from: 'Bibliothèques, total de la colonne « Participe »',
    },
    patronsWithAccess: {
      label: 'Inscrits ayant accès aux ressources numériques (à la date du relevé)',
      unit: 'personnes',
      expression: l(cells.libraries.eligible),
      value: data.libraries.reduce((s, x) => s + x.eligible, 0),
      from: 'Bibliothèques, total de la colonne « Lecteurs ayant accès »',
      numFmt: formats.integer,
    },
    coveredPopulation: {
      label: 'Population desservie par l’offre numérique (EPCI participants)',
      unit: 'habitants',
      expression: t(cells.territory.coveredPopulation),
      value: covered,
      from: 'Territoire, population couverte',
      numFmt: formats.integer,
    },
    coveredShare: {
      label: 'Part de la population du département desservie',
      unit: '%',
      expression: t(cells.territory.coveredShare),
      value:
        data.departementPopulation > 0
          ? Math.floor((2 * covered * 1000 + data.departementPopulation) / (2 * data.departementPopulation)) /
            10
          : '',
      from: 'Territoire, part de la population couverte',
      numFmt: '0.0',
    },
  };

  writeTitle(
    sheet,
    `Enquête annuelle ${year} — ressources numériques`,
    'Rapport annuel des bibliothèques départementales (ministère de la Culture, Observatoire de la lecture publique)',
  );
  const head = sheet.getRow(surveyFirstRow - 1);
  head.values = ['Question de l’enquête', 'Valeur', 'Unité', 'D’où vient le chiffre'];
  styleHeader(head, 4);
  surveyItemKeys.forEach((key, index) => {
    const item = items[key];
    const r = surveyFirstRow + index;
    sheet.getCell(`A${r}`).value = item.label;
    sheet.getCell(`B${r}`).value = formula(item.expression, item.value);
    sheet.getCell(`B${r}`).font = bold;
    if (item.numFmt) sheet.getCell(`B${r}`).numFmt = item.numFmt;
    sheet.getCell(`C${r}`).value = item.unit;
    sheet.getCell(`D${r}`).value = item.from;
    sheet.getRow(r).alignment = { wrapText: true, vertical: 'top' };
  });
  const note = surveyFirstRow + surveyItemKeys.length + 1;
  sheet.getCell(`A${note}`).value =
    'Chaque valeur est une formule renvoyant à la feuille dont elle vient (Territoire, Bibliothèques, Budget, Usages). Les numéros des questions changent selon les années : reportez chaque valeur à la question de même intitulé du questionnaire en ligne.';
  sheet.getCell(`A${note}`).alignment = { wrapText: true };
  sheet.getColumn(1).width = 60;
  sheet.getColumn(2).width = 16;
  sheet.getColumn(3).width = 12;
  sheet.getColumn(4).width = 60;
}
