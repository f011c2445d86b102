import type { ContributionLine, ContributionsResult } from '../../../shared/domain/contributions/lines.ts';
import type { UsageIndicators } from '../../../shared/domain/usage/indicators.ts';
import type { ActivePatronsFigures } from '../active-patrons.ts';

export interface FinancingWorkbookInput {
  readonly year: number;
  readonly generatedAt: Date;
  /** Who asked for it, as the audit log names them. */
  readonly generatedBy: string;
  /** The département's code (« 46 »). */
  readonly departement: string;
  /** The current situation first, then up to three scenarios, all for `year`. */
  readonly scenarios: readonly ContributionsResult[];
  /** The year's active patrons per EPCI and library (« Lecteurs actifs » sheet); absent: no such sheet. */
  readonly activePatrons?: ActivePatronsFigures;
  /** The year's usage indicators per platform (« Usages » sheet); absent: no such sheet. */
  readonly usage?: UsageIndicators;
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

/** Where a bands table goes: its header row, its first band's row, its five columns. */
export interface BandLayout {
  readonly headerRow: number;
  readonly firstRow: number;
  readonly columns: {
    readonly band: string;
    readonly upTo: string;
    readonly rate: string;
    readonly inhabitants: string;
    readonly fullYearE4: string;
  };
}

/** The cells of band `index` (0-based) on an EPCI sheet (or in another `layout`). */
export function bandCells(index: number, layout: BandLayout = bandLayout) {
  const row = layout.firstRow + index;
  const { upTo, rate, inhabitants, fullYearE4 } = layout.columns;
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

/** The current situation and up to four scenarios (shared/contract/scenarios.ts maxComparedScenarios). */
export const maxScenarios = 5;

export function situationLabel(result: ContributionsResult, index: number): string {
  if (index === 0 && result.scenario === null) return 'Situation actuelle';
  return result.scenario ?? `Situation ${index + 1}`;
}

export interface LineSheet {
  readonly line: ContributionLine;
  readonly name: string;
}

export function columnLetter(index: number): string {
  return String.fromCharCode(65 + index);
}
