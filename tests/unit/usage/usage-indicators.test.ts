import { describe, expect, it } from 'vitest';
import { computeUsageIndicators, platformKey } from '../../../shared/domain/usage/indicators.ts';

describe('usage indicators', () => {
  it('folds case, accents, punctuation and spacing in platform names', () => {
    expect(platformKey('  Numérique   Premium ')).toBe('numerique premium');
    expect(platformKey('NUMERIQUE-PREMIUM')).toBe('numerique premium');
    expect(platformKey('Cafeyn')).not.toBe(platformKey('Cafeyn Presse'));
  });

  it('sets uses against matched cost lines and active patrons; unmatched lines said; nulls where no figure', () => {
    const result = computeUsageIndicators({
      year: 2025,
      usage: [
        { platform: 'Numérique Premium', metric: 'Total_Item_Requests', count: 1200 },
        { platform: 'Numérique Premium', metric: 'Total_Item_Requests', count: 34 },
        { platform: 'Numérique Premium', metric: 'Unique_Title_Requests', count: 800 },
        { platform: 'Numérique Premium', metric: 'Total_Item_Investigations', count: 2000 },
        { platform: 'Numérique Premium', metric: 'Searches_Platform', count: 99999 },
        { platform: 'Cafeyn', metric: 'Total_Item_Requests', count: 3 },
      ],
      costs: [
        { id: 'c1', vendor: 'NUMERIQUE PREMIUM', label: 'Abonnement', amountCents: 500_000 },
        { id: 'c2', vendor: 'numérique-premium', label: 'Frais', amountCents: 1_001 },
        { id: 'c3', vendor: 'Hébergement', label: 'Portail', amountCents: 120_000 },
      ],
      activity: {
        fetchedAt: '2026-01-02T10:00:00.000Z',
        active: 150,
        platforms: [
          { clientId: 'np', name: 'Numerique premium', active: 120 },
          { clientId: 'tout-apprendre', name: 'Tout apprendre', active: 45 },
        ],
      },
      epci: [
        { siren: '200000001', name: 'CC A', covered: true, population: 30_000, activePatrons: 100 },
        { siren: '200000002', name: 'CC B', covered: true, population: 12_345, activePatrons: 49 },
        { siren: '200000003', name: 'CC C', covered: false, population: 8_000, activePatrons: 1 },
      ],
    });
    const np = result.platforms.find((p) => p.platform === 'Numérique Premium');
    // Figures worked out by hand: 501 001 cents over 1 234 uses = 406.00…/100 → 4.06 €.
    expect(np).toEqual({
      platform: 'Numérique Premium',
      requests: 1234,
      uniqueTitleRequests: 800,
      investigations: 2000,
      costCents: 501_001,
      costLines: 2,
      costPerUse: '4.06', // 5010.01 / 1234 = 4.05997…
      activePatrons: 120,
      costPerActivePatron: '41.75', // 5010.01 / 120 = 41.750083…
    });
    const cafeyn = result.platforms.find((p) => p.platform === 'Cafeyn');
    expect(cafeyn).toMatchObject({ requests: 3, costCents: null, costPerUse: null, activePatrons: null });
    const tout = result.platforms.find((p) => p.platform === 'Tout apprendre');
    expect(tout).toMatchObject({
      requests: null,
      activePatrons: 45,
      costPerUse: null,
      costPerActivePatron: null,
    });
    expect(result.unmatchedCosts).toEqual([
      { id: 'c3', vendor: 'Hébergement', label: 'Portail', amountCents: 120_000 },
    ]);
    expect(result.departement).toEqual({
      requests: 1237,
      uniqueTitleRequests: 800,
      investigations: 2000,
      costCents: 621_001,
      costPerUse: '5.02', // 6210.01 / 1237 = 5.02021…
      activePatrons: 150,
      costPerActivePatron: '41.40', // 6210.01 / 150 = 41.40006…
    });
    expect(result.epci.map((e) => e.per1000)).toEqual(['3.3', '4.0', '0.1']); // 3.333…, 3.969…, 0.125
    // (100 + 49) * 1000 / (30 000 + 12 345) = 3.5187…
    expect(result.coveredPer1000).toBe('3.5');
  });

  it('says nothing about active patrons or costs it does not have', () => {
    const result = computeUsageIndicators({
      year: 2025,
      usage: [{ platform: 'P', metric: 'Total_Item_Requests', count: 10 }],
      costs: [],
      activity: null,
      epci: [{ siren: '1', name: 'E', covered: true, population: 100, activePatrons: 0 }],
    });
    expect(result.departement).toMatchObject({
      costPerUse: null,
      activePatrons: null,
      costPerActivePatron: null,
    });
    expect(result.epci[0]).toMatchObject({ activePatrons: null, per1000: null });
    expect(result.coveredPer1000).toBeNull();
    expect(result.activityFetchedAt).toBeNull();
  });
});
