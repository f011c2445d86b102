import type ExcelJS from 'exceljs';
import { contribution } from '../../../shared/domain/contributions/amount.ts';
import type { ContributionLine } from '../../../shared/domain/contributions/lines.ts';
import {
  bold,
  formats,
  formula,
  headerFill,
  inputFill,
  neutraliseText,
  styleHeader,
  thinBorder,
} from './cells.ts';
import { type BandLayout, bandCells, bandLayout } from './financing-layout.ts';

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
export function writeBandsTable(
  sheet: ExcelJS.Worksheet,
  c: AmountCells,
  line: ContributionLine,
  /** Where the table goes: the EPCI sheets' place by default, the statement's « Calcul » its own. */
  layout: BandLayout = bandLayout,
): string {
  const bands = line.bands ?? [];
  const { headerRow, columns } = layout;
  const cellsOf = (index: number) => bandCells(index, layout);
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
    const cells = cellsOf(index);
    const previous = index > 0 ? cellsOf(index - 1).upTo : null;
    const isLast = index === bands.length - 1;
    const population = line.population ?? 0;
    const top = band.upTo === null ? population : Math.min(band.upTo, population);
    const inhabitants = Math.max(0, top - below);
    below = band.upTo ?? below;

    sheet.getCell(`${columns.band}${layout.firstRow + index}`).value = isLast
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
    sheet.getCell(`${columns.band}${layout.firstRow + index}`).border = thinBorder;
  });
  const note = sheet.getCell(`${columns.band}${layout.firstRow + bands.length}`);
  note.value =
    line.source === 'scenario'
      ? 'Hypothèse de négociation : seuils et taux modifiables (cellules jaunes) ; le taux de la 1re tranche suit le taux par habitant.'
      : 'Tranches de la convention signée ; le taux de la 1re tranche est le taux par habitant.';
  note.font = { italic: true, color: { argb: 'FF555555' } };
  return `${cellsOf(0).fullYearE4}:${cellsOf(bands.length - 1).fullYearE4}`;
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
      neutraliseText(commune.insee),
      neutraliseText(commune.name),
      neutraliseText(commune.departement),
      commune.population,
      commune.inPerimeter ? 'oui' : 'non',
    ];
    row.getCell(4).numFmt = formats.integer;
    for (let column = 1; column <= 5; column += 1) row.getCell(column).border = thinBorder;
  });
}
