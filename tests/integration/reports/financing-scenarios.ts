import { writeFinancingWorkbook } from '../../../electron/services/reports/financing-workbook.ts';
import type { ContributionsResult } from '../../../shared/domain/contributions/lines.ts';
import { grandFigeacTerms, labastideTerms, line, quercyBlancTerms, result } from './fixtures.ts';

/**
 * The financing workbook the financing-workbook tests read and LibreOffice recalculates: the current
 * situation of three EPCI, and two scenarios to compare it with.
 */
export const generatedAt = new Date('2027-11-15T09:30:00Z');

export const current = result([line(grandFigeacTerms), line(labastideTerms), line(quercyBlancTerms)]);
export const higherRate = result(
  [
    line({ ...grandFigeacTerms, rate: '0.35', source: 'scenario', reference: 'Scénario taux 0,35' }),
    line(labastideTerms),
    line(quercyBlancTerms),
  ],
  'Taux Grand-Figeac à 0,35 €',
);
const withoutLabastide = result([line(grandFigeacTerms), line(quercyBlancTerms)], 'Sans Labastide-Murat');
const scenarios: ContributionsResult[] = [current, higherRate, withoutLabastide];

/** The EPCI sheets, in the order of `current.lines`. */
export const sheetNames = ['CC du Grand-Figeac', 'CC du Causse de Labastide-Murat', 'CC du Quercy Blanc'];

export function writeScenariosWorkbook(): Promise<Buffer> {
  return writeFinancingWorkbook({
    year: 2027,
    generatedAt,
    generatedBy: 'Marie Dupont',
    departement: '46',
    scenarios,
  });
}
