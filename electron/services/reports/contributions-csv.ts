import { fractionToDecimalString } from '../../../shared/domain/contributions/fraction.ts';
import type { ContributionLine, ContributionsResult } from '../../../shared/domain/contributions/lines.ts';
import { perimeterLabels, populationBasisLabels } from '../../../shared/domain/convention.ts';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import { formatEuros, formatRate } from '../../../shared/domain/money.ts';
import { neutraliseFormula } from '../import/read/report.ts';

export const contributionsCsvHeaders = [
  'EPCI',
  'SIREN',
  'Convention',
  'Début',
  'Fin',
  'Population',
  'Base',
  'Millésime',
  'Périmètre',
  'Taux (€/hab.)',
  'Prorata',
  'Plancher',
  'Plafond',
  'Montant (€)',
] as const;

/** A decimal string from the contract ("0.3125") as French spreadsheets read numbers ("0,3125"). */
const frenchDecimal = (decimal: string) => decimal.replace('.', ',');
const euros = (cents: number | null) => (cents === null ? '' : frenchDecimal(formatEuros(cents)));

/**
 * The rate cell: a decimal, or for degressive bands their grid in words (« 0,30 jusqu’à 10000 ; 0,15
 * au-delà »), so a reader never takes the first band's rate for everyone's.
 */
function rateCell(line: ContributionLine): string {
  if (!line.bands?.length) return frenchDecimal(formatRate(line.rateE4));
  return line.bands
    .map((band) => `${frenchDecimal(band.rate)} ${band.upTo === null ? 'au-delà' : `jusqu’à ${band.upTo}`}`)
    .join(' ; ');
}

function lineCells(line: ContributionLine): string[] {
  return [
    line.name,
    line.epci,
    line.reference,
    formatDateFr(line.start),
    line.end ? formatDateFr(line.end) : '',
    line.population === null ? '' : String(line.population),
    populationBasisLabels[line.basis],
    String(line.millesime),
    perimeterLabels[line.perimeter],
    rateCell(line),
    // A decimal, not « 5/12 », which a French spreadsheet would read as a date.
    frenchDecimal(fractionToDecimalString(line.prorataFraction, 6)),
    euros(line.floorCents),
    euros(line.capCents),
    euros(line.amountCents),
  ];
}

function csvCell(value: string): string {
  const safe = neutraliseFormula(value);
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The year's contributions as Excel opens them on a French Windows: UTF-8 with a BOM, `;`, CRLF, decimal
 * commas, no cell a formula. One row per convention line; EPCI whose population is missing follow with
 * « manquante » and no amount; the last row is the total.
 */
export function writeContributionsCsv(result: ContributionsResult): Buffer {
  const empty = (count: number) => Array.from({ length: count }, () => '');
  const rows: string[][] = [
    [...contributionsCsvHeaders],
    ...result.lines.map(lineCells),
    ...result.missing.map((missing) => [
      missing.name,
      missing.epci,
      ...empty(3),
      'manquante',
      populationBasisLabels[missing.basis],
      String(missing.millesime),
      ...empty(6),
    ]),
    ['Total', ...empty(contributionsCsvHeaders.length - 2), euros(result.totalCents)],
  ];
  const text = rows.map((row) => row.map(csvCell).join(';')).join('\r\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, 'utf8')]);
}
