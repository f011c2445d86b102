import { z } from 'zod';
import { formatInteger } from '../../format.ts';
import { formatEurosFr, formatRate, parseRate, rateSchema } from '../money.ts';

/**
 * Degressive bands, the one set of rules for scenario conventions and stored conventions alike: the
 * contract's shape (`{ upTo, rate }`), its checks in French, the stored JSON (`{ upTo, rateE4 }`, exact
 * like `rate_e4`) and the plain-French sentence screens and documents show.
 */
export const maxBands = 10;

/**
 * A degressive band as the contract and a scenario file write it: `{ "upTo": 10000, "rate": "0.30" }`, the
 * inhabitants up to `upTo` (cumulative, from the first one) at `rate`; the last band has `"upTo": null`
 * (everyone else).
 */
export const scenarioBandSchema = z
  .object({
    upTo: z
      .number({ error: () => 'Le seuil d’une tranche est un nombre d’habitants (exemple : 10000), ou null.' })
      .int('Le seuil d’une tranche est un nombre entier d’habitants.')
      .positive('Le seuil d’une tranche est d’au moins 1 habitant.')
      .max(100_000_000, 'Seuil de tranche trop grand.')
      .nullable(),
    rate: rateSchema,
  })
  .strict();
export type ScenarioBand = z.output<typeof scenarioBandSchema>;

/** A band list as a convention (scenario or stored) takes it: at most `maxBands` bands. */
export const bandListSchema = z
  .array(scenarioBandSchema)
  .max(maxBands, `Une grille dégressive compte au plus ${maxBands} tranches.`);

/**
 * The checks a band list must pass for the engine (`Band` in amount.ts), in French, each with the path of
 * the field at fault: at least two bands, thresholds ascending, the last band and only it without one,
 * the first band's rate equal to the convention's rate.
 */
export function bandIssues(
  bands: readonly ScenarioBand[],
  rate: string,
): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (bands.length < 2) {
    issues.push({ path: [], message: 'Une grille dégressive compte au moins deux tranches.' });
  }
  let previous: number | null = null;
  bands.forEach((band, index) => {
    const isLast = index === bands.length - 1;
    if (isLast && band.upTo !== null) {
      issues.push({
        path: [index, 'upTo'],
        message: 'La dernière tranche n’a pas de seuil (« au-delà ») : son upTo vaut null.',
      });
    } else if (!isLast && band.upTo === null) {
      issues.push({
        path: [index, 'upTo'],
        message:
          'Seule la dernière tranche est sans seuil : indiquez jusqu’à combien d’habitants va celle-ci.',
      });
    } else if (band.upTo !== null && previous !== null && band.upTo <= previous) {
      issues.push({
        path: [index, 'upTo'],
        message: `Les seuils doivent être croissants : ${band.upTo} habitants après ${previous}.`,
      });
    }
    if (band.upTo !== null) previous = Math.max(previous ?? 0, band.upTo);
  });
  const first = bands[0];
  if (first && parseRate(first.rate) !== parseRate(rate)) {
    issues.push({
      path: [0, 'rate'],
      message: `Le taux de la première tranche (${formatEurosFr(first.rate)}) doit être le taux de la convention (${formatEurosFr(rate)}).`,
    });
  }
  return issues;
}

/** Adds `bandIssues` to a convention schema's issues, under `bands`. Absent or null bands: one rate. */
export function checkBands(
  convention: { rate: string; bands?: readonly ScenarioBand[] | null | undefined },
  context: z.RefinementCtx,
): void {
  if (!convention.bands) return;
  for (const issue of bandIssues(convention.bands, convention.rate)) {
    context.addIssue({ code: 'custom', path: ['bands', ...issue.path], message: issue.message });
  }
}

/** A band as stored (`convention.bands`, JSON): the rate exact in ten-thousandths, like `rate_e4`. */
export interface StoredBand {
  readonly upTo: number | null;
  readonly rateE4: number;
}

const storedBandsSchema = z
  .array(
    z
      .object({
        upTo: z.number().int().positive().max(100_000_000).nullable(),
        rateE4: z.number().int().min(0),
      })
      .strict(),
  )
  .min(2)
  .max(maxBands);

/** The contract's bands as the `bands` column stores them; none (or null) → null, one rate. */
export function storeBands(bands: readonly ScenarioBand[] | null | undefined): string | null {
  if (!bands || bands.length === 0) return null;
  return JSON.stringify(bands.map((band) => ({ upTo: band.upTo, rateE4: parseRate(band.rate) as number })));
}

/**
 * The `bands` column read back: null for one rate. Text that is not a valid band list (thresholds
 * ascending, the last one open) is refused with a RangeError: the engine never guesses a grid.
 */
export function readStoredBands(text: string | null): StoredBand[] | null {
  if (text === null) return null;
  const parsed = storedBandsSchema.safeParse(JSON.parse(text));
  const issues = parsed.success
    ? bandIssues(
        parsed.data.map((band) => ({ upTo: band.upTo, rate: formatRate(band.rateE4) })),
        formatRate(parsed.data[0]?.rateE4 ?? 0),
      )
    : [{ message: 'not a band list' }];
  if (!parsed.success || issues.length > 0) {
    throw new RangeError(`Stored bands are not a valid grid: ${issues.map((i) => i.message).join(' ')}`);
  }
  return parsed.data;
}

/** Whether `text` is a valid stored band list (the sync service's check of a pushed value). */
export function isStoredBands(text: string): boolean {
  try {
    readStoredBands(text);
    return true;
  } catch {
    return false;
  }
}

/** The stored bands in the contract's shape (`{ upTo, rate: "0.30" }`). */
export function bandsFromStored(bands: readonly StoredBand[]): ScenarioBand[] {
  return bands.map((band) => ({ upTo: band.upTo, rate: formatRate(band.rateE4) }));
}

/**
 * A grid in plain French: « 0,30 € jusqu’à 10 000 hab., puis 0,20 € » (three bands: « 0,30 € jusqu’à
 * 10 000 hab., 0,25 € jusqu’à 50 000 hab., puis 0,20 € »). `long` spells « habitants » and « par
 * habitant » for documents.
 */
export function describeBandsFr(
  bands: readonly { upTo: number | null; rate: string }[],
  options: { long?: boolean } = {},
): string {
  const inhabitants = options.long ? 'habitants' : 'hab.';
  const perInhabitant = options.long ? ' par habitant' : '';
  const parts = bands.map((band, index) => {
    const rate = `${formatEurosFr(band.rate)}${index === 0 ? perInhabitant : ''}`;
    if (band.upTo === null) return index === 0 ? rate : `puis ${rate}`;
    return `${rate} jusqu’à ${formatInteger(band.upTo)} ${inhabitants}`;
  });
  const last = parts.pop();
  return parts.length === 0 ? (last ?? '') : `${parts.join(', ')}, ${last}`;
}
