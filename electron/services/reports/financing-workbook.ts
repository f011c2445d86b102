import ExcelJS from 'exceljs';
import { contribution } from '../../../shared/domain/contributions/amount.ts';
import type { ContributionLine, ContributionsResult } from '../../../shared/domain/contributions/lines.ts';
import { perimeterLabels, populationBasisLabels, prorataLabels } from '../../../shared/domain/convention.ts';
import {
  bold,
  formats,
  formula,
  frenchDate,
  headerFill,
  type InfoRow,
  inputFill,
  isoDay,
  neutraliseText,
  parisWallClock,
  printSetup,
  sheetRef,
  styleHeader,
  thinBorder,
  titleFont,
  writeInfoRows,
} from './cells.ts';
import { writeSensitivitySheet } from './sensitivity-sheet.ts';
import { SheetNames } from './sheet-names.ts';

export interface FinancingWorkbookInput {
  readonly year: number;
  readonly generatedAt: Date;
  /** Who asked for it, as the audit log names them. */
  readonly generatedBy: string;
  /** The département's code (« 46 »). */
  readonly departement: string;
  /** The current situation first, then up to three scenarios, all for `year`. */
  readonly scenarios: readonly ContributionsResult[];
}

/**
 * Fixed cell addresses of every EPCI sheet (one sheet per contribution line of the current situation).
 * Inputs are yellow; derived cells are formulas over them, each with the application's figure cached.
 */
export const epciCells = {
  reference: 'B5',
  start: 'B6',
  end: 'B7',
  rate: 'B12',
  prorataNumerator: 'B13',
  prorataDenominator: 'B14',
  floor: 'B15',
  cap: 'B16',
  population: 'B17',
  rateE4: 'B20',
  exactCents: 'B21',
  beforeLimits: 'B22',
  limitedBy: 'B23',
  amountCents: 'B24',
  amount: 'B25',
  /** First row of the engine's steps; the communes table follows them. */
  stepsRow: 28,
} as const;

/**
 * The degressive bands of a line that has them, beside the parameters of its EPCI sheet: a header on row
 * 11, one row per band from row 12 (at most 10 bands, so they end before the steps on row 28).
 */
export const bandLayout = {
  headerRow: 11,
  firstRow: 12,
  columns: { band: 'F', upTo: 'G', rate: 'H', inhabitants: 'I', fullYearE4: 'J' },
} as const;

/** The cells of band `index` (0-based) on an EPCI sheet. */
export function bandCells(index: number) {
  const row = bandLayout.firstRow + index;
  const { upTo, rate, inhabitants, fullYearE4 } = bandLayout.columns;
  return {
    upTo: `${upTo}${row}`,
    rate: `${rate}${row}`,
    inhabitants: `${inhabitants}${row}`,
    fullYearE4: `${fullYearE4}${row}`,
  };
}

/** Synthèse: header on row 4, one row per line from row 5, then the total. */
export const synthesisLayout = { headerRow: 4, firstRow: 5, amountColumn: 'H' } as const;
/** Comparaison: header on row 4, one row per EPCI from row 5, then the totals. */
export const comparisonLayout = { headerRow: 4, firstRow: 5 } as const;

export const sheetTitles = {
  synthesis: 'Synthèse',
  comparison: 'Comparaison',
  sensitivity: 'Sensibilité',
  sources: 'Sources',
} as const;

const maxScenarios = 4;

/**
 * « Rapport de financement <année> »: a workbook a negotiator can trust and play with (DESIGN.md §6).
 * Every amount is a live formula over visible inputs with the engine's figure cached; the formulas are
 * written so Excel or LibreOffice recalculates exactly the engine's cents (see `amountFormula`).
 */
export async function writeFinancingWorkbook(input: FinancingWorkbookInput): Promise<Buffer> {
  const { year, scenarios } = input;
  const current = scenarios[0];
  if (!current) throw new RangeError('A financing workbook needs at least the current situation.');
  if (scenarios.length > maxScenarios) {
    throw new RangeError(`At most ${maxScenarios} situations side by side (got ${scenarios.length}).`);
  }
  for (const result of scenarios) {
    if (result.year !== year) throw new RangeError(`Result for ${result.year} in a ${year} workbook.`);
  }

  const generatedOn = parisWallClock(input.generatedAt);
  const generatedOnText = frenchDate(generatedOn);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = input.generatedBy;
  workbook.created = input.generatedAt;
  workbook.title = `Rapport de financement ${year}`;
  // Excel recomputes on opening; the cached values serve viewers that do not.
  workbook.calcProperties = { fullCalcOnLoad: true };

  const names = new SheetNames();
  const synthesis = workbook.addWorksheet(names.reserve(sheetTitles.synthesis));
  const comparison = workbook.addWorksheet(names.reserve(sheetTitles.comparison));
  const sensitivity = workbook.addWorksheet(names.reserve(sheetTitles.sensitivity));
  const sources = workbook.addWorksheet(names.reserve(sheetTitles.sources));
  const lineSheets = current.lines.map((line) => {
    const name = names.unique(line.name);
    writeEpciSheet(workbook.addWorksheet(name), line, input, generatedOnText);
    return { line, name };
  });
  // A scenario's convention with degressive bands gets its own sheet, so its bands are live inputs too.
  const bandSheets = scenarios.slice(1).flatMap((result, offset) =>
    result.lines
      .filter((line) => line.source === 'scenario' && line.bands && line.bands.length > 0)
      .map((line) => {
        const suffix = ` - scénario ${offset + 1}`;
        const name = names.unique(`${line.name.slice(0, 31 - suffix.length).trimEnd()}${suffix}`);
        writeEpciSheet(workbook.addWorksheet(name), line, input, generatedOnText);
        return { line, name, situation: offset + 1 };
      }),
  );

  writeSynthesis(synthesis, lineSheets, current, input, generatedOnText);
  writeComparison(comparison, lineSheets, bandSheets, input, generatedOnText);
  writeSensitivitySheet(sensitivity, lineSheets, { ...epciCells, band: bandCells }, year);
  printSetup(sensitivity, '1:2', generatedOnText);
  writeSources(sources, [...lineSheets, ...bandSheets], input, generatedOn, generatedOnText);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function situationLabel(result: ContributionsResult, index: number): string {
  if (index === 0 && result.scenario === null) return 'Situation actuelle';
  return result.scenario ?? `Situation ${index + 1}`;
}

function text(value: string): string {
  return neutraliseText(value);
}

export function writeTitle(sheet: ExcelJS.Worksheet, title: string, subtitle: string): void {
  sheet.getCell('A1').value = text(title);
  sheet.getCell('A1').font = titleFont;
  sheet.getCell('A2').value = text(subtitle);
  sheet.getCell('A2').font = { italic: true, color: { argb: 'FF555555' } };
}

export function sectionHeader(sheet: ExcelJS.Worksheet, row: number, label: string, note = ''): void {
  sheet.getCell(`A${row}`).value = text(label);
  if (note) sheet.getCell(`C${row}`).value = text(note);
  styleHeader(sheet.getRow(row), 3);
}

/**
 * The cells of one amount computation: the inputs, the population, then the derived figures. The EPCI
 * sheets and the yearly statement lay them out in column B, label in A and note in C.
 */
export interface AmountCells {
  readonly rate: string;
  readonly prorataNumerator: string;
  readonly prorataDenominator: string;
  readonly floor: string;
  readonly cap: string;
  readonly population: string;
  readonly rateE4: string;
  readonly exactCents: string;
  readonly beforeLimits: string;
  readonly limitedBy: string;
  readonly amountCents: string;
  readonly amount: string;
}

/** Sum of the populations of the communes in the perimeter, when every one of them is known. */
function communesTotal(line: ContributionLine): number | null {
  const inside = line.communes.filter((commune) => commune.inPerimeter);
  if (inside.length === 0 || inside.some((commune) => commune.population === null)) return null;
  return inside.reduce((sum, commune) => sum + (commune.population ?? 0), 0);
}

const limitLabels = { floor: 'plancher', cap: 'plafond' } as const;

/** What `limitedByFormula` evaluates to for the engine's line. */
export function limitedByText(line: ContributionLine): string {
  if (line.prorataFraction.numerator === 0) return 'sans objet';
  return line.limitedBy ? limitLabels[line.limitedBy] : 'aucun';
}

/**
 * The amount in cents, from integers only, so floating point cannot move a cent:
 *   exact = population × rateE4 × numerator / (denominator × 100)                       (exactCents)
 * The product is an integer far below 2^53 (exact in a double); the single division is correctly
 * rounded. When the exact quotient is k + 0.5 the double is exactly k + 0.5 and ROUND(…; 0) rounds it
 * away from zero, i.e. up, as the engine does; otherwise the quotient is at least 1/(2 × denominator × 100)
 * away from any half, far more than a double's error, so ROUND lands on the engine's cent.
 * Floor and cap (whole cents) are compared with the unrounded value, the floor first, like the engine
 * (limitedBy says which applies); the amount is then the limit, or the exact value rounded once
 * (amountCents). A zero prorata owes nothing: the floor does not apply to a year the convention does not
 * cover.
 */
function limitedByFormula(c: AmountCells): string {
  const below = `IF(ISNUMBER(${c.floor}),${c.exactCents}<ROUND(${c.floor}*100,0),FALSE)`;
  const above = `IF(ISNUMBER(${c.cap}),${c.exactCents}>ROUND(${c.cap}*100,0),FALSE)`;
  return `IF(${c.prorataNumerator}=0,"sans objet",IF(${below},"plancher",IF(${above},"plafond","aucun")))`;
}

function amountFormula(c: AmountCells): string {
  return (
    `IF(${c.prorataNumerator}=0,0,IF(${c.limitedBy}="plancher",ROUND(${c.floor}*100,0),` +
    `IF(${c.limitedBy}="plafond",ROUND(${c.cap}*100,0),ROUND(${c.exactCents},0))))`
  );
}

type AmountRow = readonly [
  label: string,
  address: string,
  value: ExcelJS.CellValue,
  numFmt: string | null,
  note: string,
];

function writeAmountRows(sheet: ExcelJS.Worksheet, rows: readonly AmountRow[], editable: boolean): void {
  for (const [label, address, value, numFmt, note] of rows) {
    const row = Number(address.slice(1));
    sheet.getCell(`A${row}`).value = label;
    const cell = sheet.getCell(address);
    cell.value = value;
    if (numFmt) cell.numFmt = numFmt;
    if (editable) cell.fill = inputFill;
    cell.border = thinBorder;
    if (note) sheet.getCell(`C${row}`).value = note;
  }
}

/**
 * Writes a line's computation at `c`: yellow inputs (rate, prorata, floor, cap), the population (a sum
 * over the communes table at rows `communes.first`–`communes.last` when it adds up, else an input), then
 * every derived figure as a formula with the engine's value cached. Shared by the financing workbook's
 * EPCI sheets and the yearly statement, so both recalculate the engine's cents the same way.
 */
export function writeAmountComputation(
  sheet: ExcelJS.Worksheet,
  c: AmountCells,
  line: ContributionLine,
  communes: { readonly first: number; readonly last: number },
  /** With degressive bands: the range of their full-year amounts (`writeBandsTable`). */
  bandsFullYear?: string,
): void {
  const banded = line.bands !== undefined && line.bands.length > 0;
  if (banded && !bandsFullYear) throw new RangeError('A line with bands needs its bands table.');
  writeAmountRows(
    sheet,
    [
      [
        'Taux par habitant',
        c.rate,
        line.rateE4 / 10_000,
        formats.rate,
        banded ? 'taux de la 1re tranche' : '',
      ],
      ['Prorata : numérateur', c.prorataNumerator, line.prorataFraction.numerator, formats.integer, ''],
      ['Prorata : dénominateur', c.prorataDenominator, line.prorataFraction.denominator, formats.integer, ''],
      [
        'Plancher annuel',
        c.floor,
        line.floorCents === null ? null : line.floorCents / 100,
        formats.euros,
        'vide : aucun',
      ],
      [
        'Plafond annuel',
        c.cap,
        line.capCents === null ? null : line.capCents / 100,
        formats.euros,
        'vide : aucun',
      ],
    ],
    true,
  );

  const fromCommunes = communesTotal(line);
  const populationFromCommunes = fromCommunes !== null && fromCommunes === line.population;
  const population = sheet.getCell(c.population);
  sheet.getCell(`A${c.population.slice(1)}`).value = 'Population retenue';
  population.numFmt = formats.integer;
  population.border = thinBorder;
  if (populationFromCommunes) {
    population.value = formula(
      `SUMIFS(D${communes.first}:D${communes.last},E${communes.first}:E${communes.last},"oui")`,
      line.population ?? 0,
    );
    sheet.getCell(`C${c.population.slice(1)}`).value = 'somme des communes « oui » du périmètre';
  } else {
    population.value = line.population;
    population.fill = inputFill;
    sheet.getCell(`C${c.population.slice(1)}`).value =
      line.population === null
        ? 'population inconnue pour cette base et ce millésime'
        : 'population de la convention (saisie)';
  }

  const exactCents =
    (fullYearE4(line) * line.prorataFraction.numerator) / (line.prorataFraction.denominator * 100);
  writeAmountRows(
    sheet,
    [
      [
        'Taux en dix-millièmes d’euro',
        c.rateE4,
        formula(`ROUND(${c.rate}*10000,0)`, line.rateE4),
        formats.integer,
        'taux × 10 000',
      ],
      [
        'Montant exact en centimes (non arrondi)',
        c.exactCents,
        formula(
          banded
            ? `SUM(${bandsFullYear})*${c.prorataNumerator}/(${c.prorataDenominator}*100)`
            : `${c.population}*${c.rateE4}*${c.prorataNumerator}/(${c.prorataDenominator}*100)`,
          exactCents,
        ),
        formats.exactCents,
        banded ? 'somme des tranches × prorata' : 'population × taux × prorata',
      ],
      [
        'Montant avant plancher et plafond',
        c.beforeLimits,
        formula(`ROUND(${c.exactCents},0)/100`, line.beforeLimitsCents / 100),
        formats.euros,
        'arrondi au centime, demi-centime vers le haut',
      ],
      [
        'Limité par',
        c.limitedBy,
        formula(limitedByFormula(c), limitedByText(line)),
        null,
        'plancher et plafond comparés au montant exact',
      ],
      [
        'Montant dû en centimes',
        c.amountCents,
        formula(amountFormula(c), line.amountCents),
        formats.integer,
        'arrondi une seule fois',
      ],
      ['Montant dû', c.amount, formula(`${c.amountCents}/100`, line.amountCents / 100), formats.euros, ''],
    ],
    false,
  );
  sheet.getCell(`A${c.amount.slice(1)}`).font = bold;
  sheet.getCell(c.amount).font = bold;
}

/** population × rate for a whole year, in ten-thousandths of a euro, bands included: the engine's figure. */
function fullYearE4(line: ContributionLine): number {
  return contribution({
    population: line.population ?? 0,
    rateE4: line.rateE4,
    bands: line.bands,
    prorata: { numerator: 1, denominator: 1 },
    floorCents: null,
    capCents: null,
  }).fullYearE4;
}

/**
 * The bands table (`bandLayout`): per band, its threshold and rate as yellow inputs (the first band's
 * rate follows the rate cell, the last band has no threshold), then its inhabitants and its full-year
 * amount as formulas on integers, like the engine:
 *   inhabitants = MAX(0, MIN(population, threshold) − previous threshold)      (the last: population − previous)
 *   full year   = inhabitants × ROUND(rate × 10 000)                            (ten-thousandths of a euro)
 * Returns the range of the full-year amounts, which the exact amount sums.
 */
export function writeBandsTable(sheet: ExcelJS.Worksheet, c: AmountCells, line: ContributionLine): string {
  const bands = line.bands ?? [];
  const { headerRow, columns } = bandLayout;
  const header = [
    'Tranche',
    'Jusqu’à (habitants)',
    'Taux par habitant',
    'Habitants',
    'Année pleine (1/10 000 €)',
  ];
  const letters = Object.values(columns);
  header.forEach((label, index) => {
    const cell = sheet.getCell(`${letters[index]}${headerRow}`);
    cell.value = label;
    cell.font = bold;
    cell.fill = headerFill;
    cell.border = thinBorder;
  });
  let below = 0;
  bands.forEach((band, index) => {
    const cells = bandCells(index);
    const previous = index > 0 ? bandCells(index - 1).upTo : null;
    const isLast = index === bands.length - 1;
    const population = line.population ?? 0;
    const top = band.upTo === null ? population : Math.min(band.upTo, population);
    const inhabitants = Math.max(0, top - below);
    below = band.upTo ?? below;

    sheet.getCell(`${columns.band}${bandLayout.firstRow + index}`).value = isLast
      ? 'au-delà'
      : `tranche ${index + 1}`;
    const upTo = sheet.getCell(cells.upTo);
    upTo.value = band.upTo;
    if (band.upTo !== null) {
      upTo.numFmt = formats.integer;
      upTo.fill = inputFill;
    } else {
      upTo.value = 'au-delà';
    }
    const rate = sheet.getCell(cells.rate);
    rate.value = index === 0 ? formula(c.rate, band.rateE4 / 10_000) : band.rateE4 / 10_000;
    rate.numFmt = formats.rate;
    if (index > 0) rate.fill = inputFill;
    const minTop = isLast ? c.population : `MIN(${c.population},${cells.upTo})`;
    sheet.getCell(cells.inhabitants).value = formula(
      `MAX(0,${minTop}${previous ? `-${previous}` : ''})`,
      inhabitants,
    );
    sheet.getCell(cells.inhabitants).numFmt = formats.integer;
    sheet.getCell(cells.fullYearE4).value = formula(
      `${cells.inhabitants}*ROUND(${cells.rate}*10000,0)`,
      inhabitants * band.rateE4,
    );
    sheet.getCell(cells.fullYearE4).numFmt = formats.integer;
    for (const address of Object.values(cells)) sheet.getCell(address).border = thinBorder;
    sheet.getCell(`${columns.band}${bandLayout.firstRow + index}`).border = thinBorder;
  });
  const note = sheet.getCell(`${columns.band}${bandLayout.firstRow + bands.length}`);
  note.value =
    'Hypothèse de négociation : seuils et taux modifiables (cellules jaunes) ; le taux de la 1re tranche suit le taux par habitant.';
  note.font = { italic: true, color: { argb: 'FF555555' } };
  return `${bandCells(0).fullYearE4}:${bandCells(bands.length - 1).fullYearE4}`;
}

/** The communes table: a header row at `headerRow`, then one row per commune (columns A–E). */
export function writeCommunesTable(
  sheet: ExcelJS.Worksheet,
  headerRow: number,
  line: ContributionLine,
): void {
  const header = sheet.getRow(headerRow);
  header.values = ['INSEE', 'Commune', 'Département', 'Population', 'Dans le périmètre'];
  styleHeader(header, 5);
  line.communes.forEach((commune, index) => {
    const row = sheet.getRow(headerRow + 1 + index);
    row.values = [
      text(commune.insee),
      text(commune.name),
      text(commune.departement),
      commune.population,
      commune.inPerimeter ? 'oui' : 'non',
    ];
    row.getCell(4).numFmt = formats.integer;
    for (let column = 1; column <= 5; column += 1) row.getCell(column).border = thinBorder;
  });
}

function writeEpciSheet(
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
    ['Référence', text(line.reference)],
    ['Début', isoDay(line.start), formats.date],
    ['Fin', line.end ? isoDay(line.end) : 'sans date de fin', formats.date],
    [
      'Population',
      text(
        `${populationBasisLabels[line.basis]}, millésime ${line.millesime}, ${perimeterLabels[line.perimeter]}`,
      ),
    ],
    ['Prorata', text(`${line.prorataText} (${prorataLabels[line.prorataRule]})`)],
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
    cell.value = text(step);
  });

  writeCommunesTable(sheet, communesHeader, line);

  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 2, activeCell: c.rate }];
  printSetup(sheet, `${communesHeader}:${communesHeader}`, generatedOn);
}

interface LineSheet {
  readonly line: ContributionLine;
  readonly name: string;
}

function writeSynthesis(
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
      { text: text(line.name), hyperlink: `#${sheetRef(name, 'A1')}` },
      text(line.epci),
      text(line.reference),
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
      sheet.getCell(`A${row}`).value = text(missing.name);
      sheet.getCell(`B${row}`).value = text(missing.epci);
      sheet.getCell(`C${row}`).value = text(
        `population ${populationBasisLabels[missing.basis]}, millésime ${missing.millesime}`,
      );
    }
  }

  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: headerRow }];
  printSetup(sheet, `${headerRow}:${headerRow}`, generatedOn);
}

function amountsByEpci(result: ContributionsResult): Map<string, number> {
  const byEpci = new Map<string, number>();
  for (const line of result.lines) byEpci.set(line.epci, (byEpci.get(line.epci) ?? 0) + line.amountCents);
  return byEpci;
}

function columnLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

/**
 * One row per EPCI, the current situation then each scenario with its difference. The current
 * situation's figures are formulas over the EPCI sheets; the scenarios' figures are the engine's amounts,
 * as values (a scenario replaces whole conventions, so it has no sheet of its own), and each difference is
 * a formula: changing a rate on an EPCI sheet moves the current column, its total and every difference.
 */
function writeComparison(
  sheet: ExcelJS.Worksheet,
  lineSheets: readonly LineSheet[],
  bandSheets: readonly (LineSheet & { situation: number })[],
  input: FinancingWorkbookInput,
  generatedOn: string,
): void {
  const { headerRow, firstRow } = comparisonLayout;
  const { scenarios } = input;
  writeTitle(
    sheet,
    `Comparaison des situations ${input.year}`,
    `Département ${input.departement} — montants dus par EPCI`,
  );

  const epcis = new Map<string, string>();
  for (const result of scenarios) {
    for (const line of result.lines) if (!epcis.has(line.epci)) epcis.set(line.epci, line.name);
  }
  const amounts = scenarios.map(amountsByEpci);

  const headers = ['EPCI', 'SIREN', situationLabel(scenarios[0] as ContributionsResult, 0)];
  const widths = [40, 12, 18];
  scenarios.slice(1).forEach((result, index) => {
    headers.push(situationLabel(result, index + 1), 'Écart');
    widths.push(18, 14);
  });
  sheet.columns = widths.map((width) => ({ width }));
  const header = sheet.getRow(headerRow);
  header.values = headers.map(text);
  styleHeader(header, headers.length);

  const lastRow = firstRow + epcis.size - 1;
  [...epcis].forEach(([epci, name], index) => {
    const rowNumber = firstRow + index;
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = text(name);
    row.getCell(2).value = text(epci);
    const currentCents = amounts[0]?.get(epci) ?? 0;
    const refs = lineSheets.filter((sheetLine) => sheetLine.line.epci === epci);
    row.getCell(3).value =
      refs.length > 0
        ? formula(
            `ROUND(${refs.map((ref) => sheetRef(ref.name, epciCells.amount)).join('+')},2)`,
            currentCents / 100,
          )
        : 0;
    scenarios.slice(1).forEach((_, offset) => {
      const valueColumn = 4 + offset * 2;
      const cents = amounts[offset + 1]?.get(epci) ?? 0;
      // A banded convention has its sheet: the amount follows it, like the current situation's.
      const own = bandSheets.filter((b) => b.situation === offset + 1 && b.line.epci === epci);
      const lines = scenarios[offset + 1]?.lines.filter((l) => l.epci === epci) ?? [];
      row.getCell(valueColumn).value =
        own.length > 0 && own.length === lines.length
          ? formula(`ROUND(${own.map((b) => sheetRef(b.name, epciCells.amount)).join('+')},2)`, cents / 100)
          : cents / 100;
      const a = columnLetter(valueColumn - 1);
      row.getCell(valueColumn + 1).value = formula(
        `ROUND(${a}${rowNumber}-C${rowNumber},2)`,
        (cents - currentCents) / 100,
      );
    });
    for (let column = 1; column <= headers.length; column += 1) {
      row.getCell(column).border = thinBorder;
      if (column >= 3) row.getCell(column).numFmt = formats.euros;
    }
  });

  const totalRow = sheet.getRow(firstRow + epcis.size);
  totalRow.getCell(1).value = 'Total';
  const totals = amounts.map((byEpci) => [...byEpci.values()].reduce((sum, cents) => sum + cents, 0));
  for (let column = 3; column <= headers.length; column += 1) {
    const letter = columnLetter(column - 1);
    const isDifference = column > 3 && (column - 4) % 2 === 1;
    const situation = column === 3 ? 0 : Math.floor((column - 4) / 2) + 1;
    const cents = isDifference ? (totals[situation] ?? 0) - (totals[0] ?? 0) : (totals[situation] ?? 0);
    totalRow.getCell(column).value = formula(
      epcis.size > 0 ? `ROUND(SUM(${letter}${firstRow}:${letter}${lastRow}),2)` : '0',
      cents / 100,
    );
    totalRow.getCell(column).numFmt = formats.euros;
  }
  for (let column = 1; column <= headers.length; column += 1) {
    totalRow.getCell(column).font = bold;
    totalRow.getCell(column).fill = headerFill;
    totalRow.getCell(column).border = thinBorder;
  }

  const note = totalRow.number + 2;
  sheet.getCell(`A${note}`).value =
    'La colonne de la situation actuelle suit les feuilles des EPCI (formules). Les montants des scénarios ' +
    'sont ceux calculés par l’application (valeurs), sauf ceux à tranches dégressives, qui suivent leur ' +
    'propre feuille ; les écarts sont recalculés. Un EPCI absent d’une situation y compte pour 0,00 €.';
  sheet.getCell(`A${note}`).font = { italic: true };
  sheet.getCell(`A${note}`).alignment = { wrapText: true, vertical: 'top' };
  sheet.mergeCells(`A${note}:${columnLetter(headers.length - 1)}${note}`);
  sheet.getRow(note).height = 44;

  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: headerRow }];
  printSetup(sheet, `${headerRow}:${headerRow}`, generatedOn);
}

function writeSources(
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
    ['Département', text(input.departement)],
    ['Généré le', generatedOn, formats.dateTime],
    ['Généré par', text(input.generatedBy)],
    ['Situations', text(input.scenarios.map(situationLabel).join(' ; '))],
    [
      'Millésimes INSEE',
      text(
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
        text(situationLabel(result, index)),
        text(line.name),
        text(line.epci),
        text(line.reference),
        line.source === 'scenario' ? 'scénario' : 'convention',
        isoDay(line.start),
        line.end ? isoDay(line.end) : 'sans fin',
        populationBasisLabels[line.basis],
        line.millesime,
        perimeterLabels[line.perimeter],
        text(sheetOf.get(line) ?? '—'),
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
        text(label),
        text(entry.name),
        text(entry.epci),
        text(`population ${populationBasisLabels[entry.basis]}, millésime ${entry.millesime}`),
      ];
    }
  }

  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 2 }];
  printSetup(sheet, `${headerRow}:${headerRow}`, generatedOnText);
}
