import { readActivity } from '../../db/queries/access-activity.ts';
import type { Handlers } from '../../shared/contract.ts';
import { computeUsageIndicators } from '../../shared/domain/usage/indicators.ts';
import type { AppContext } from './context.ts';

type UsageIndicatorsHandlers = Pick<Handlers, 'indicators.usage'>;

/**
 * The usage indicators: composed from the handlers that already gather each source (usage totals with
 * one report family per platform, cost lines, EPCI populations and active patrons) so the figures are
 * the very ones the Usages and Participations screens show; the pulled platforms come from the cache.
 */
export function usageIndicatorsHandlers(
  context: Pick<AppContext, 'database'>,
  sources: Pick<Handlers, 'usage.totals' | 'cost.list' | 'indicators.compute'>,
): UsageIndicatorsHandlers {
  const { db } = context.database;
  return {
    async 'indicators.usage'({ year }) {
      const [totals, costs, indicators, activity] = await Promise.all([
        sources['usage.totals']({ year }),
        sources['cost.list']({ year }),
        sources['indicators.compute']({ year }),
        readActivity(db, year),
      ]);
      return computeUsageIndicators({
        year,
        usage: totals.byPlatform,
        costs,
        activity: activity
          ? { fetchedAt: activity.fetchedAt, active: activity.active, platforms: activity.platforms }
          : null,
        epci: indicators.epci.map((e) => ({
          siren: e.epci,
          name: e.name,
          covered: e.active,
          population: e.population,
          activePatrons: e.activePatrons,
        })),
      });
    },
  };
}
