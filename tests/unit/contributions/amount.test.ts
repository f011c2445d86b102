import { describe, expect, it } from 'vitest';
import { contribution, prorata } from '../../../shared/domain/contributions/index.ts';

/** French display uses a narrow no-break space between thousands: write "45 489" in tests as fr("45 489"). */
const fr = (text: string) => text.replace(/(?<=\d) (?=\d{3}\b)/g, '\u202f');
const whole = { numerator: 1, denominator: 1 };
const noLimits = { floorCents: null, capCents: null };
// 45 489 inhabitants × 0,30 € = 13 646,70 € for a whole year (45 489 × 0.30 = 13 646.70).
const figeac = { population: 45_489, rateE4: 3000 };

describe('a contribution, worked by hand', () => {
  it('charges 45 489 inhabitants × 0,30 € from 1 July 2027, days: 184/365 of 13 646,70 €', () => {
    // 13 646,70 × 184 = 2 510 992,80 ; ÷ 365 = 6 879,4323… → 6 879,43 €.
    const p = prorata('days', { start: '2027-07-01', end: null }, 2027);
    const result = contribution({ ...figeac, prorata: p, ...noLimits });
    expect(result.fullYearE4).toBe(136_467_000);
    expect(result.beforeLimitsCents).toBe(687_943);
    expect(result.amountCents).toBe(687_943);
    expect(result.limitedBy).toBeNull();
    expect(result.steps).toEqual([
      fr('45 489 habitants × 0,30 € = 13 646,70 €'),
      fr('× 184/365 (du 01/07/2027 au 31/12/2027, au jour près) = 6 879,43 € (arrondi au centime)'),
      fr('Montant dû : 6 879,43 €'),
    ]);
  });

  it('charges half the year from 1 July with the months rule: 6/12', () => {
    // 13 646,70 ÷ 2 = 6 823,35 €, exact.
    const p = prorata('months', { start: '2027-07-01', end: null }, 2027);
    const result = contribution({ ...figeac, prorata: p, ...noLimits });
    expect(result.amountCents).toBe(682_335);
    expect(result.steps[1]).toBe(fr('× 6/12 (mois entiers de juillet à décembre 2027) = 6 823,35 €'));
  });

  it('charges 5/12 from 15 July with the months rule, the half-cent going up', () => {
    // 13 646,70 × 5 = 68 233,50 ; ÷ 12 = 5 686,125 exactly → 5 686,13 € (half-even would give 5 686,12).
    const p = prorata('months', { start: '2027-07-15', end: null }, 2027);
    const result = contribution({ ...figeac, prorata: p, ...noLimits });
    expect(result.amountCents).toBe(568_613);
  });

  it('divides by 366 in the leap year 2028 and counts 29 February', () => {
    // 1 January → 29 February 2028 = 60 days: 13 646,70 × 60 = 818 802 ; ÷ 366 = 2 237,1639… → 2 237,16 €.
    const winter = prorata('days', { start: '2028-01-01', end: '2028-02-29' }, 2028);
    expect(contribution({ ...figeac, prorata: winter, ...noLimits }).amountCents).toBe(223_716);
    // From 1 July 2028: 2 510 992,80 ÷ 366 = 6 860,6360… → 6 860,64 € (less than in 2027: a longer year).
    const summer = prorata('days', { start: '2028-07-01', end: null }, 2028);
    expect(contribution({ ...figeac, prorata: summer, ...noLimits }).amountCents).toBe(686_064);
  });

  it('charges a convention ending mid-year up to its last day', () => {
    // Ends 15 April 2027: 105 days; 13 646,70 × 105 = 1 432 903,50 ; ÷ 365 = 3 925,7630… → 3 925,76 €.
    const period = { start: '2025-09-01', end: '2027-04-15' };
    expect(contribution({ ...figeac, prorata: prorata('days', period, 2027), ...noLimits }).amountCents).toBe(
      392_576,
    );
    // Months: January to April = 4/12 = 13 646,70 ÷ 3 = 4 548,90 €.
    expect(
      contribution({ ...figeac, prorata: prorata('months', period, 2027), ...noLimits }).amountCents,
    ).toBe(454_890);
  });

  it('charges nothing for a year outside the convention, whatever the rule, even with a floor', () => {
    const period = { start: '2028-01-01', end: null };
    for (const rule of ['days', 'months', 'none'] as const) {
      const result = contribution({
        ...figeac,
        prorata: prorata(rule, period, 2027),
        floorCents: 500_000,
        capCents: null,
      });
      expect(result.amountCents).toBe(0);
      expect(result.limitedBy).toBeNull();
      expect(result.steps).toContain('Plancher sans objet : la convention ne couvre pas cette période');
    }
  });

  it('charges the whole year without prorata as soon as the convention covers a day of it', () => {
    const p = prorata('none', { start: '2027-12-31', end: null }, 2027);
    const result = contribution({ ...figeac, prorata: p, ...noLimits });
    expect(result.amountCents).toBe(1_364_670);
    expect(result.steps[1]).toBe(fr('× 1 (sans prorata, la convention couvre 2027) = 13 646,70 €'));
  });

  it('shows an exact four-decimal rate and full-year amount, and rounds only the amount due', () => {
    // 45 489 × 0,3125 € = 14 215,3125 € → 14 215,31 €.
    const result = contribution({ population: 45_489, rateE4: 3125, prorata: whole, ...noLimits });
    expect(result.steps[0]).toBe(fr('45 489 habitants × 0,3125 € = 14 215,3125 €'));
    expect(result.amountCents).toBe(1_421_531);
  });
});

describe('floor and cap', () => {
  // 1 000 inhabitants × 0,30 € = 300,00 €.
  const small = { population: 1000, rateE4: 3000, prorata: whole };

  it('raises the amount to the floor', () => {
    const result = contribution({ ...small, floorCents: 50_000, capCents: null });
    expect(result).toMatchObject({ amountCents: 50_000, beforeLimitsCents: 30_000, limitedBy: 'floor' });
    expect(result.steps.slice(-2)).toEqual(['Plancher appliqué : 500,00 €', 'Montant dû : 500,00 €']);
  });

  it('lowers the amount to the cap', () => {
    const result = contribution({ ...small, floorCents: null, capCents: 20_000 });
    expect(result).toMatchObject({ amountCents: 20_000, beforeLimitsCents: 30_000, limitedBy: 'cap' });
    expect(result.steps.at(-2)).toBe('Plafond appliqué : 200,00 €');
  });

  it('leaves an amount between the limits, or equal to one, as computed', () => {
    expect(contribution({ ...small, floorCents: 10_000, capCents: 100_000 })).toMatchObject({
      amountCents: 30_000,
      limitedBy: null,
    });
    expect(contribution({ ...small, floorCents: 30_000, capCents: 30_000 })).toMatchObject({
      amountCents: 30_000,
      limitedBy: null,
    });
  });

  it('compares the limits with the prorated amount; the limits themselves are not prorated', () => {
    // 6 879,43 € from 1 July 2027 (see above) against a 7 000,00 € floor, then a 6 000,00 € cap.
    const p = prorata('days', { start: '2027-07-01', end: null }, 2027);
    expect(contribution({ ...figeac, prorata: p, floorCents: 700_000, capCents: null })).toMatchObject({
      amountCents: 700_000,
      beforeLimitsCents: 687_943,
      limitedBy: 'floor',
    });
    expect(contribution({ ...figeac, prorata: p, floorCents: null, capCents: 600_000 })).toMatchObject({
      amountCents: 600_000,
      limitedBy: 'cap',
    });
  });

  it('compares the unrounded amount with the floor: 99,996 € is below a 100,00 € floor', () => {
    // 99 996 inhabitants × 0,0010 € = 99,996 €, which rounds to 100,00 € anyway: same amount, but the
    // statement says the floor applied.
    const result = contribution({
      population: 99_996,
      rateE4: 10,
      prorata: whole,
      floorCents: 10_000,
      capCents: null,
    });
    expect(result).toMatchObject({ amountCents: 10_000, beforeLimitsCents: 10_000, limitedBy: 'floor' });
  });

  it('refuses a floor above the cap', () => {
    expect(() => contribution({ ...small, floorCents: 2, capCents: 1 })).toThrow(RangeError);
  });
});

describe('degressive bands', () => {
  const bands = [
    { upTo: 10_000, rateE4: 3000 },
    { upTo: null, rateE4: 2000 },
  ];

  it('charges the first 10 000 inhabitants 0,30 € and the rest 0,20 €', () => {
    // 10 000 × 0,30 = 3 000,00 € ; 35 489 × 0,20 = 7 097,80 € ; total 10 097,80 €.
    const result = contribution({ ...figeac, bands, prorata: whole, ...noLimits });
    expect(result.amountCents).toBe(1_009_780);
    expect(result.steps.slice(0, 3)).toEqual([
      fr('habitants 1 à 10 000 : 10 000 × 0,30 € = 3 000,00 €'),
      fr('habitants 10 001 à 45 489 : 35 489 × 0,20 € = 7 097,80 €'),
      fr('Total pour une année pleine (45 489 habitants) : 10 097,80 €'),
    ]);
  });

  it('applies the prorata to the banded total', () => {
    // 10 097,80 × 184 = 1 857 995,20 ; ÷ 365 = 5 090,3978… → 5 090,40 €.
    const p = prorata('days', { start: '2027-07-01', end: null }, 2027);
    expect(contribution({ ...figeac, bands, prorata: p, ...noLimits }).amountCents).toBe(509_040);
  });

  it('charges a population within the first band at the full rate only', () => {
    // 8 000 × 0,30 = 2 400,00 € ; exactly 10 000 → 3 000,00 €.
    expect(
      contribution({ population: 8000, rateE4: 3000, bands, prorata: whole, ...noLimits }).amountCents,
    ).toBe(240_000);
    const atEdge = contribution({ population: 10_000, rateE4: 3000, bands, prorata: whole, ...noLimits });
    expect(atEdge.amountCents).toBe(300_000);
    expect(atEdge.steps).toHaveLength(4);
  });

  it('handles three bands', () => {
    // 10 000 × 0,30 = 3 000 ; 40 000 × 0,20 = 8 000 ; 10 000 × 0,10 = 1 000 ; total 12 000,00 €.
    const three = [
      { upTo: 10_000, rateE4: 3000 },
      { upTo: 50_000, rateE4: 2000 },
      { upTo: null, rateE4: 1000 },
    ];
    expect(
      contribution({ population: 60_000, rateE4: 3000, bands: three, prorata: whole, ...noLimits })
        .amountCents,
    ).toBe(1_200_000);
  });

  it('refuses bands that do not start at the convention rate, do not grow, or leave inhabitants out', () => {
    const input = { ...figeac, prorata: whole, ...noLimits };
    expect(() => contribution({ ...input, bands: [{ upTo: null, rateE4: 2000 }] })).toThrow(RangeError);
    expect(() =>
      contribution({
        ...input,
        bands: [
          { upTo: 10_000, rateE4: 3000 },
          { upTo: 5000, rateE4: 2000 },
          { upTo: null, rateE4: 1000 },
        ],
      }),
    ).toThrow(RangeError);
    expect(() => contribution({ ...input, bands: [{ upTo: 10_000, rateE4: 3000 }] })).toThrow(RangeError);
  });
});

describe('rounding', () => {
  it('rounds exactly half a cent up', () => {
    // 13 646,70 ÷ 12 = 1 137,225 € exactly (1 December, months rule) → 1 137,23 €.
    const december = prorata('months', { start: '2027-12-01', end: null }, 2027);
    expect(contribution({ ...figeac, prorata: december, ...noLimits }).amountCents).toBe(113_723);
    // 1 inhabitant × 0,1250 € = 12,5 cents → 13 cents; × 0,1249 € = 12,49 cents → 12 cents.
    expect(contribution({ population: 1, rateE4: 1250, prorata: whole, ...noLimits }).amountCents).toBe(13);
    expect(contribution({ population: 1, rateE4: 1249, prorata: whole, ...noLimits }).amountCents).toBe(12);
  });

  it('refuses fractional populations or rates, negative values and a prorata above 1', () => {
    const base = { ...figeac, prorata: whole, ...noLimits };
    expect(() => contribution({ ...base, population: 1.5 })).toThrow(RangeError);
    expect(() => contribution({ ...base, rateE4: -1 })).toThrow(RangeError);
    expect(() => contribution({ ...base, prorata: { numerator: 2, denominator: 1 } })).toThrow(RangeError);
    expect(() => contribution({ ...base, prorata: { numerator: 1, denominator: 0 } })).toThrow(RangeError);
  });
});
