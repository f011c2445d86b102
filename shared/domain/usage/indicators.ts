import { z } from 'zod';
import { fractionToDecimalString } from '../contributions/fraction.ts';

/**
 * Usage indicators of a year (issue 18, item 2): per platform, uses from vendors' COUNTER reports set
 * against the cost lines and the active patrons counted from sign-ins; per EPCI, penetration (active
 * patrons per 1 000 inhabitants) beside the Département's. Pure: the handler gathers the figures.
 */

/**
 * A platform's name as compared across sources: the cost lines' vendor, the COUNTER report's Platform,
 * the central service's platform name are typed by different people ("Numérique Premium", "NUMERIQUE
 * PREMIUM", "numerique-premium"), so case, accents, punctuation and spacing are folded.
 */
export function platformKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** numerator / denominator as an exact decimal string, or null when there is nothing to divide by. */
function ratio(numerator: number, denominator: number, digits: number): string | null {
  return denominator > 0 ? fractionToDecimalString({ numerator, denominator }, digits) : null;
}

const count = z.number().int();
const decimal = z.string().nullable();

export const platformUsageIndicatorsSchema = z.object({
  /** The name shown: the usage report's, else the cost line's vendor, else the central service's. */
  platform: z.string(),
  /** Total_Item_Requests of the year; null: no usage report imported for this platform. */
  requests: count.nullable(),
  uniqueTitleRequests: count.nullable(),
  investigations: count.nullable(),
  /** The cost lines whose vendor is this platform, summed; null: none. */
  costCents: count.nullable(),
  costLines: z.number().int(),
  /** Euros per use (2 decimals, exact); null: no cost line or no use. */
  costPerUse: decimal,
  /** Active patrons counted by the central service on this platform; null: none pulled for it. */
  activePatrons: count.nullable(),
  /** Euros per active patron (2 decimals, exact); null: no cost line or no active patron figure. */
  costPerActivePatron: decimal,
});

export const epciPenetrationSchema = z.object({
  epci: z.string(),
  name: z.string(),
  /** The EPCI takes part in the service (its population is covered). */
  covered: z.boolean(),
  population: count,
  /** null: active patrons never pulled for the year. */
  activePatrons: count.nullable(),
  /** Active patrons per 1 000 inhabitants (1 decimal, exact); null: never pulled or no population. */
  per1000: decimal,
});

export const usageIndicatorsSchema = z.object({
  year: z.number().int(),
  /** When the active patrons were last pulled from the central service; null: never for this year. */
  activityFetchedAt: z.string().nullable(),
  platforms: z.array(platformUsageIndicatorsSchema),
  /** Cost lines whose vendor matches no platform with usage or active patrons. */
  unmatchedCosts: z.array(
    z.object({ id: z.string(), vendor: z.string(), label: z.string(), amountCents: count }),
  ),
  departement: z.object({
    requests: count,
    uniqueTitleRequests: count,
    investigations: count,
    /** Every cost line of the year, matched to a platform or not: the whole service's cost. */
    costCents: count,
    costPerUse: decimal,
    /** Distinct active patrons over the Département (one patron on two platforms counts once). */
    activePatrons: count.nullable(),
    costPerActivePatron: decimal,
  }),
  epci: z.array(epciPenetrationSchema),
  /** Active patrons per 1 000 inhabitants over the covered EPCIs together (1 decimal); null: not computable. */
  coveredPer1000: decimal,
});
export type UsageIndicators = z.infer<typeof usageIndicatorsSchema>;

export interface UsageIndicatorsInput {
  year: number;
  /** One figure per platform, metric and month (usage.totals' byPlatform): other metrics are ignored. */
  usage: readonly { platform: string; metric: string; count: number }[];
  costs: readonly { id: string; vendor: string; label: string; amountCents: number }[];
  /** The pulled active patrons; null: never pulled for the year. */
  activity: {
    fetchedAt: string;
    active: number | null;
    platforms: readonly { clientId: string; name: string; active: number }[];
  } | null;
  /** Each EPCI with its population and its libraries' active patrons (0 when none counted). */
  epci: readonly {
    siren: string;
    name: string;
    covered: boolean;
    population: number;
    activePatrons: number;
  }[];
}

interface Row {
  platform: string;
  requests: number | null;
  uniqueTitleRequests: number | null;
  investigations: number | null;
  costCents: number | null;
  costLines: number;
  activePatrons: number | null;
}

const usedMetrics = {
  Total_Item_Requests: 'requests',
  Unique_Title_Requests: 'uniqueTitleRequests',
  Total_Item_Investigations: 'investigations',
} as const;

export function computeUsageIndicators(input: UsageIndicatorsInput): UsageIndicators {
  const rows = new Map<string, Row>();
  const rowOf = (name: string): Row => {
    const key = platformKey(name);
    let row = rows.get(key);
    if (!row) {
      row = {
        platform: name.trim(),
        requests: null,
        uniqueTitleRequests: null,
        investigations: null,
        costCents: null,
        costLines: 0,
        activePatrons: null,
      };
      rows.set(key, row);
    }
    return row;
  };

  for (const line of input.usage) {
    const row = rowOf(line.platform);
    // A platform with a report has uses, even 0, for every metric: null is kept for "no report at all".
    row.requests ??= 0;
    row.uniqueTitleRequests ??= 0;
    row.investigations ??= 0;
    const field = usedMetrics[line.metric as keyof typeof usedMetrics];
    if (field) row[field] = (row[field] ?? 0) + line.count;
  }
  for (const platform of input.activity?.platforms ?? []) {
    // The central service's platform is matched by its name, else by its client id.
    const key = rows.has(platformKey(platform.name)) ? platform.name : platform.clientId;
    const row = rows.get(platformKey(key)) ?? rowOf(platform.name);
    row.activePatrons = (row.activePatrons ?? 0) + platform.active;
  }
  const unmatchedCosts: UsageIndicators['unmatchedCosts'] = [];
  for (const line of input.costs) {
    const row = rows.get(platformKey(line.vendor));
    if (!row) {
      unmatchedCosts.push({
        id: line.id,
        vendor: line.vendor,
        label: line.label,
        amountCents: line.amountCents,
      });
      continue;
    }
    row.costCents = (row.costCents ?? 0) + line.amountCents;
    row.costLines += 1;
  }

  const platforms = [...rows.values()]
    .sort((a, b) => (b.requests ?? -1) - (a.requests ?? -1) || a.platform.localeCompare(b.platform, 'fr'))
    .map((row) => ({
      ...row,
      costPerUse: row.costCents === null ? null : ratio(row.costCents, (row.requests ?? 0) * 100, 2),
      costPerActivePatron:
        row.costCents === null ? null : ratio(row.costCents, (row.activePatrons ?? 0) * 100, 2),
    }));

  const sum = (field: 'requests' | 'uniqueTitleRequests' | 'investigations') =>
    platforms.reduce((total, p) => total + (p[field] ?? 0), 0);
  const requests = sum('requests');
  const costCents = input.costs.reduce((total, c) => total + c.amountCents, 0);
  const hasCosts = input.costs.length > 0;
  const activePatrons = input.activity?.active ?? null;
  const pulled = input.activity !== null;

  const epci = input.epci.map((e) => ({
    epci: e.siren,
    name: e.name,
    covered: e.covered,
    population: e.population,
    activePatrons: pulled ? e.activePatrons : null,
    per1000: pulled ? ratio(e.activePatrons * 1000, e.population, 1) : null,
  }));
  const covered = input.epci.filter((e) => e.covered);
  const coveredPopulation = covered.reduce((total, e) => total + e.population, 0);
  const coveredActive = covered.reduce((total, e) => total + e.activePatrons, 0);

  return {
    year: input.year,
    activityFetchedAt: input.activity?.fetchedAt ?? null,
    platforms,
    unmatchedCosts,
    departement: {
      requests,
      uniqueTitleRequests: sum('uniqueTitleRequests'),
      investigations: sum('investigations'),
      costCents,
      costPerUse: hasCosts ? ratio(costCents, requests * 100, 2) : null,
      activePatrons,
      costPerActivePatron:
        hasCosts && activePatrons !== null ? ratio(costCents, activePatrons * 100, 2) : null,
    },
    epci,
    coveredPer1000: pulled ? ratio(coveredActive * 1000, coveredPopulation, 1) : null,
  };
}
