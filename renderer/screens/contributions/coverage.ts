import type { ContributionsResult } from '../../../shared/domain/contributions/index.ts';

export interface Coverage {
  /** Inhabitants of the département living in an EPCI with a convention in force that year. */
  covered: number;
  /** The rest of the département (never negative). */
  uncovered: number;
  /** covered / département, in tenths of a percent (452 → 45,2 %); null when the département's is unknown. */
  sharePermille: number | null;
}

/**
 * Population covered in each situation: an EPCI counts when the situation has a convention for it in force
 * during the year (a stored one, or the scenario's that replaces it), whether or not its amount could be
 * computed. Its inhabitants are those the indicators count: in the département, at the current millésime.
 */
export function coverageOf(
  results: readonly ContributionsResult[],
  epci: readonly { epci: string; population: number }[],
  departementPopulation: number,
): Coverage[] {
  const population = new Map(epci.map((e) => [e.epci, e.population]));
  return results.map((result) => {
    const sirens = new Set([...result.lines, ...result.missing].map((l) => l.epci));
    let covered = 0;
    for (const siren of sirens) covered += population.get(siren) ?? 0;
    return {
      covered,
      uncovered: Math.max(0, departementPopulation - covered),
      sharePermille: departementPopulation > 0 ? Math.round((covered * 1000) / departementPopulation) : null,
    };
  });
}

/** 452 → "45,2 %". */
export function permilleFr(permille: number): string {
  return `${Math.floor(permille / 10)},${permille % 10} %`;
}
