import type { ContributionLine } from '../../../shared/domain/contributions/lines.ts';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import { formatInteger } from '../../../shared/format.ts';

/** The French sentences of the yearly statement, from a contribution line. */

/** « 184 jours sur 365 », « 5 mois sur 12 », « année entière »: the prorata fraction in words. */
export function fractionText(line: ContributionLine): string {
  const { numerator, denominator } = line.prorataFraction;
  const plural = (count: number, one: string, many: string) => (count < 2 ? one : many);
  switch (line.prorataRule) {
    case 'days':
      return `${formatInteger(numerator)} ${plural(numerator, 'jour', 'jours')} sur ${formatInteger(denominator)}`;
    case 'months':
      return `${numerator} mois sur ${denominator}`;
    case 'none':
      return numerator === 0 ? 'aucune période de l’année' : 'année entière';
  }
}

/** « du 01/07/2027 au 31/12/2029 », « depuis le 01/01/2025, sans date de fin ». */
export function periodText(line: ContributionLine): string {
  return line.end
    ? `du ${formatDateFr(line.start)} au ${formatDateFr(line.end)}`
    : `depuis le ${formatDateFr(line.start)}, sans date de fin`;
}

export function referenceText(line: ContributionLine): string {
  return line.reference.trim() ? line.reference : 'sans référence';
}

/** « population totale, millésime 2022 (populations légales publiées par l’Insee) ». */
export function populationSourceText(line: ContributionLine): string {
  const millesime = `millésime ${line.millesime}`;
  switch (line.basis) {
    case 'municipale':
      return `population municipale, ${millesime} (populations légales publiées par l’Insee)`;
    case 'totale':
      return `population totale, ${millesime} (populations légales publiées par l’Insee)`;
    case 'dgf':
      return `population DGF, ${millesime} (population retenue pour la dotation globale de fonctionnement)`;
  }
}

/** « les 4 communes de l’EPCI situées dans le département du Lot », « les 5 communes de l’EPCI ». */
export function perimeterText(line: ContributionLine, departementTitle: string): string {
  const counted = line.communes.filter((commune) => commune.inPerimeter).length;
  const communes = counted === 1 ? 'la commune' : `les ${formatInteger(counted)} communes`;
  if (line.perimeter === 'epci') return `${communes} de l’EPCI`;
  const situated = counted === 1 ? 'située' : 'situées';
  return `${communes} de l’EPCI ${situated} dans le ${departementTitle.replace(/^Département/, 'département')}`;
}
