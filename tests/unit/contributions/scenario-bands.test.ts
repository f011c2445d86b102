import { describe, expect, it } from 'vitest';
import '../../../shared/validation.ts';
import { scenarioSchema } from '../../../shared/domain/contributions/index.ts';

/** The issue's scenario file, Grand-Figeac at 0,30 € for the first 10 000 inhabitants, 0,15 € beyond. */
const convention = {
  epci: '200067361',
  rate: '0.30',
  start: '2027-01-01',
  end: null,
  basis: 'totale',
  millesime: 2022,
  perimeter: 'epci',
  prorata: 'none',
  floor: null,
  cap: null,
  bands: [
    { upTo: 10000, rate: '0.30' },
    { upTo: null, rate: '0.15' },
  ],
};
const scenario = (bands: unknown) => ({
  name: 'Négociation Grand-Figeac',
  year: 2027,
  conventions: [{ ...convention, bands }],
});

/** The French messages, with where they apply (conventions.0.bands.1.upTo). */
function issues(bands: unknown): string[] {
  const parsed = scenarioSchema.safeParse(scenario(bands));
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => `${issue.path.join('.')} : ${issue.message}`);
}

describe('degressive bands in a scenario file', () => {
  it('reads them, rates written as decimal strings and normalised like the convention’s', () => {
    const parsed = scenarioSchema.parse(
      scenario([
        { upTo: 10000, rate: '0,3' },
        { upTo: 30000, rate: '0.2' },
        { upTo: null, rate: '0.15' },
      ]),
    );
    expect(parsed.conventions[0]?.bands).toEqual([
      { upTo: 10000, rate: '0.30' },
      { upTo: 30000, rate: '0.20' },
      { upTo: null, rate: '0.15' },
    ]);
  });

  it('keeps a scenario without bands as it was (no "bands" key)', () => {
    const { bands: _, ...plain } = convention;
    const parsed = scenarioSchema.parse({ name: 'Sans tranches', year: 2027, conventions: [plain] });
    expect(parsed.conventions[0]).not.toHaveProperty('bands');
  });

  it('wants the last band, and only it, without a threshold', () => {
    expect(
      issues([
        { upTo: 10000, rate: '0.30' },
        { upTo: 20000, rate: '0.15' },
      ]),
    ).toEqual([
      'conventions.0.bands.1.upTo : La dernière tranche n’a pas de seuil (« au-delà ») : son upTo vaut null.',
    ]);
    expect(
      issues([
        { upTo: null, rate: '0.30' },
        { upTo: null, rate: '0.15' },
      ]),
    ).toEqual([
      'conventions.0.bands.0.upTo : Seule la dernière tranche est sans seuil : indiquez jusqu’à combien d’habitants va celle-ci.',
    ]);
  });

  it('wants ascending thresholds', () => {
    expect(
      issues([
        { upTo: 20000, rate: '0.30' },
        { upTo: 10000, rate: '0.20' },
        { upTo: null, rate: '0.15' },
      ]),
    ).toEqual([
      'conventions.0.bands.1.upTo : Les seuils doivent être croissants : 10000 habitants après 20000.',
    ]);
    expect(
      issues([
        { upTo: 10000, rate: '0.30' },
        { upTo: 10000, rate: '0.20' },
        { upTo: null, rate: '0.15' },
      ]),
    ).toHaveLength(1);
  });

  it('wants the first band at the convention’s rate', () => {
    expect(
      issues([
        { upTo: 10000, rate: '0.35' },
        { upTo: null, rate: '0.15' },
      ]),
    ).toEqual([
      'conventions.0.bands.0.rate : Le taux de la première tranche (0,35 €) doit être le taux de la convention (0,30 €).',
    ]);
    // Equal values written differently are equal.
    expect(
      issues([
        { upTo: 10000, rate: '0.3000' },
        { upTo: null, rate: '0.15' },
      ]),
    ).toEqual([]);
  });

  it('wants at least two bands, at most ten, whole positive thresholds and valid rates', () => {
    expect(issues([{ upTo: null, rate: '0.30' }])).toEqual([
      'conventions.0.bands : Une grille dégressive compte au moins deux tranches.',
    ]);
    const eleven = [
      ...Array.from({ length: 10 }, (_, i) => ({ upTo: (i + 1) * 1000, rate: '0.30' })),
      { upTo: null, rate: '0.10' },
    ];
    expect(issues(eleven)).toEqual([
      'conventions.0.bands : Une grille dégressive compte au plus 10 tranches.',
    ]);
    expect(
      issues([
        { upTo: 100.5, rate: '0.30' },
        { upTo: null, rate: '0.15' },
      ]),
    ).toEqual(['conventions.0.bands.0.upTo : Le seuil d’une tranche est un nombre entier d’habitants.']);
    expect(
      issues([
        { upTo: 0, rate: '0.30' },
        { upTo: null, rate: '0.15' },
      ]),
    ).toEqual(['conventions.0.bands.0.upTo : Le seuil d’une tranche est d’au moins 1 habitant.']);
    expect(
      issues([
        { upTo: '10000', rate: '0.30' },
        { upTo: null, rate: '0.15' },
      ]),
    ).toEqual([
      'conventions.0.bands.0.upTo : Le seuil d’une tranche est un nombre d’habitants (exemple : 10000), ou null.',
    ]);
    expect(
      issues([
        { upTo: 10000, rate: '0.30' },
        { upTo: null, rate: 'abc' },
      ]),
    ).toEqual(['conventions.0.bands.1.rate : Taux invalide (exemple : 0,30 ; au plus 4 décimales).']);
    expect(
      issues([
        { upTo: 10000, rate: '0.30', extra: 1 },
        { upTo: null, rate: '0.15' },
      ]),
    ).toHaveLength(1);
  });
});
