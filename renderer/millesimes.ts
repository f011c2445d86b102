import type { Output } from '../shared/contract.ts';

/**
 * The millésime the service shows by default: the newest vintage with municipale figures (shipped
 * reference data or an INSEE import); a DGF file alone does not change it.
 */
export function displayedMillesime(vintages: Output<'millesime.list'>): number | null {
  const withMunicipale = vintages.filter((v) => v.bases.some((b) => b.basis === 'municipale'));
  return withMunicipale.length > 0 ? Math.max(...withMunicipale.map((v) => v.millesime)) : null;
}
