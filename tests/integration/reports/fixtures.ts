import { contribution, describeProrata, prorata } from '../../../shared/domain/contributions/index.ts';
import type { ContributionLine, ContributionsResult } from '../../../shared/domain/contributions/lines.ts';
import { perimeterLabels, populationBasisLabels } from '../../../shared/domain/convention.ts';
import { parseEuros, parseRate } from '../../../shared/domain/money.ts';

type Commune = ContributionLine['communes'][number];

interface LineTerms {
  epci: string;
  name: string;
  reference: string;
  source?: 'convention' | 'scenario';
  start: string;
  end: string | null;
  population: number;
  basis: ContributionLine['basis'];
  millesime: number;
  perimeter: ContributionLine['perimeter'];
  rate: string;
  /** Degressive bands, the first at `rate`. */
  bands?: { upTo: number | null; rate: string }[];
  prorata: ContributionLine['prorataRule'];
  floor: string | null;
  cap: string | null;
  communes: Commune[];
}

/** A contribution line as the application builds it: the engine computes every figure. */
export function line(terms: LineTerms, year = 2027): ContributionLine {
  const rateE4 = parseRate(terms.rate) as number;
  const share = prorata(terms.prorata, { start: terms.start, end: terms.end }, year);
  const floorCents = terms.floor === null ? null : (parseEuros(terms.floor) as number);
  const capCents = terms.cap === null ? null : (parseEuros(terms.cap) as number);
  const bands = terms.bands?.map((band) => ({
    upTo: band.upTo,
    rate: band.rate,
    rateE4: parseRate(band.rate) as number,
  }));
  const result = contribution({
    population: terms.population,
    rateE4,
    bands,
    prorata: share,
    floorCents,
    capCents,
  });
  return {
    epci: terms.epci,
    name: terms.name,
    source: terms.source ?? 'convention',
    conventionId: terms.source === 'scenario' ? null : `id-${terms.reference}`,
    reference: terms.reference,
    start: terms.start,
    end: terms.end,
    population: terms.population,
    basis: terms.basis,
    millesime: terms.millesime,
    perimeter: terms.perimeter,
    rate: terms.rate,
    rateE4,
    ...(bands && { bands }),
    prorataRule: terms.prorata,
    prorata: `${share.numerator}/${share.denominator}`,
    prorataFraction: { numerator: share.numerator, denominator: share.denominator },
    prorataText: describeProrata(share),
    floorCents,
    capCents,
    beforeLimitsCents: result.beforeLimitsCents,
    amountCents: result.amountCents,
    limitedBy: result.limitedBy,
    steps: [
      `Population ${populationBasisLabels[terms.basis]} ${terms.millesime}, ${perimeterLabels[terms.perimeter]}`,
      ...result.steps,
    ],
    communes: terms.communes,
  };
}

export function result(lines: ContributionLine[], scenario: string | null = null): ContributionsResult {
  return {
    year: 2027,
    scenario,
    lines,
    totalCents: lines.reduce((sum, entry) => sum + entry.amountCents, 0),
    missing: [],
  };
}

const commune = (
  insee: string,
  name: string,
  population: number | null,
  inPerimeter = true,
  departement = insee.slice(0, 2),
): Commune => ({ insee, name, departement, population, inPerimeter });

/** 45 489 inhabitants × 0,30 € × 184/365 = 6 879,43 €; communes of the Lot only. */
export const grandFigeacTerms: LineTerms = {
  epci: '200067361',
  name: 'CC du Grand-Figeac',
  reference: 'CONV-2027-GF',
  start: '2027-07-01',
  end: '2029-12-31',
  population: 45_489,
  basis: 'totale',
  millesime: 2022,
  perimeter: 'departement',
  rate: '0.30',
  prorata: 'days',
  floor: '1000',
  cap: '20000.50',
  communes: [
    commune('46102', 'Figeac', 9_818),
    commune('46042', 'Bagnac-sur-Célé', 1_621),
    commune('46055', 'Capdenac', 1_150),
    commune('46127', 'Lacapelle-Marival', 32_900),
    commune('12052', 'Capdenac-Gare', 4_400, false),
  ],
};

/** 3 581 × 0,30 € for the whole year = 1 074,30 €, below the 1 500,00 € floor. */
export const labastideTerms: LineTerms = {
  epci: '200023737',
  name: 'CC du Causse de Labastide-Murat',
  reference: '=CONV-2025-CLM',
  start: '2025-01-01',
  end: null,
  population: 3_581,
  basis: 'municipale',
  millesime: 2021,
  perimeter: 'departement',
  rate: '0.30',
  prorata: 'none',
  floor: '1500',
  cap: null,
  // The list does not add up to the convention's population: the population is written as an input.
  communes: [
    commune('46137', 'Labastide-Murat', 700),
    commune('46300', 'Soulomès', 150),
    commune('12999', '=SUM(1,2)', null, false),
  ],
};

/** 12 024 × 0,3125 € × 5/12 = 156 562,5 cents exactly: the half cent goes up, 1 565,63 €. */
export const quercyBlancTerms: LineTerms = {
  epci: '200039519',
  name: 'CC du Quercy Blanc',
  reference: 'CONV-2027-QB',
  start: '2027-08-01',
  end: null,
  population: 12_024,
  basis: 'totale',
  millesime: 2022,
  perimeter: 'departement',
  rate: '0.3125',
  prorata: 'months',
  floor: null,
  cap: null,
  communes: [
    commune('46201', 'Montcuq-en-Quercy-Blanc', 1_800),
    commune('46064', 'Castelnau-Montratier-Sainte-Alauzie', 1_900),
    commune('46138', 'Lalbenque', 8_324),
    commune('82000', 'Commune voisine', 600, false),
  ],
};
