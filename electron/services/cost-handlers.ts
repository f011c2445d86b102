import { libraryActivity, readActivity } from '../../db/queries/access-activity.ts';
import { costLineExists, listCostLines, registeredPatronsPerEpci } from '../../db/queries/costs.ts';
import { listEpci } from '../../db/queries/epci.ts';
import { statusBySiren } from '../../db/queries/followup.ts';
import { departementPopulation, epciPopulation } from '../../db/queries/populations.ts';
import { deleteRow, insertRow } from '../../db/write.ts';
import type { Handlers } from '../../shared/contract.ts';
import { fractionToDecimalString, yearTotals } from '../../shared/domain/contributions/index.ts';
import { formatEuros, parseEuros } from '../../shared/domain/money.ts';
import { AppError } from '../../shared/errors.ts';
import { resolveActor } from './actor.ts';
import type { AppContext } from './context.ts';
import { currentMillesime } from './reference.ts';

type CostHandlers = Pick<Handlers, 'cost.list' | 'cost.add' | 'cost.remove' | 'indicators.compute'>;

/** numerator / denominator as an exact decimal string, or null when there is nothing to divide by. */
function ratio(numerator: number, denominator: number, digits: number): string | null {
  return denominator > 0 ? fractionToDecimalString({ numerator, denominator }, digits) : null;
}

/**
 * What the service costs each year, and the indicators that set it against the territory: population
 * covered, registered patrons (a confirmed duplicate counted once), contributions, the Département's share.
 */
export function costHandlers(
  context: Pick<AppContext, 'database' | 'departement' | 'now'>,
  contributions: Handlers['contributions.compute'],
): CostHandlers {
  const { db } = context.database;
  const { departement } = context;

  const listCosts = async (year: number) => {
    const rows = await listCostLines(db, year);
    return rows.map((row) => ({
      id: row.id,
      year: row.year,
      vendor: row.vendor,
      label: row.label,
      pricing: row.pricing,
      amount: formatEuros(row.amount_cents),
      amountCents: row.amount_cents,
    }));
  };

  return {
    async 'cost.list'({ year }) {
      return listCosts(year);
    },

    async 'cost.add'({ by, amount, ...line }) {
      return db.transaction().execute(async (trx) => {
        const actor = await resolveActor(trx, by);
        const id = await insertRow(
          trx,
          'service_cost',
          { ...line, amount_cents: parseEuros(amount) as number },
          { actor, now: context.now() },
        );
        return { id };
      });
    },

    async 'cost.remove'({ id, by }) {
      if (!(await costLineExists(db, id)))
        throw new AppError('NOT_FOUND', 'Cette ligne de coût n’existe plus.');
      await db.transaction().execute(async (trx) => {
        await deleteRow(trx, 'service_cost', id, { actor: await resolveActor(trx, by), now: context.now() });
      });
      return { id };
    },

    async 'indicators.compute'({ year }) {
      const millesime = await currentMillesime(db, departement);
      const [list, statuses, total, costs, result, patrons, pulled, libraries] = await Promise.all([
        listEpci(db, departement, millesime),
        statusBySiren(db),
        departementPopulation(db, departement, millesime, 'municipale'),
        listCosts(year),
        contributions({ year }),
        registeredPatronsPerEpci(db, millesime),
        readActivity(db, year),
        libraryActivity(db, year, millesime),
      ]);
      // A patron counts at the library they belong to; an EPCI's active patrons are its libraries' sum.
      const activeOf = new Map<string, number>();
      for (const library of libraries)
        if (library.epci_siren)
          activeOf.set(library.epci_siren, (activeOf.get(library.epci_siren) ?? 0) + library.active);
      const patronsOf = new Map(patrons.map((row) => [row.epci_siren, row]));
      const epci = [];
      for (const e of list) {
        const figure = await epciPopulation(db, {
          siren: e.siren,
          millesime,
          basis: 'municipale',
          perimeter: 'departement',
          departement,
        });
        const population = figure.value ?? 0;
        const registered = patronsOf.get(e.siren);
        const count = registered?.patrons ?? 0;
        const persons = count - (registered?.confirmed ?? 0);
        const contributionCents = result.lines
          .filter((l) => l.epci === e.siren)
          .reduce((sum, l) => sum + l.amountCents, 0);
        const activePatrons = activeOf.get(e.siren) ?? 0;
        epci.push({
          epci: e.siren,
          name: e.name,
          active: statuses.get(e.siren) === 'active',
          population,
          patrons: count,
          persons,
          patronsPer1000: ratio(persons * 1000, population, 1),
          contributionCents,
          contributionPerInhabitant: ratio(contributionCents, population * 100, 4),
          activePatrons,
          activePer1000: ratio(activePatrons * 1000, population, 1),
          activeShare: ratio(activePatrons * 100, count, 1),
        });
      }
      const covered = epci.filter((e) => e.active).reduce((sum, e) => sum + e.population, 0);
      const persons = epci.reduce((sum, e) => sum + e.persons, 0);
      const costCents = costs.reduce((sum, c) => sum + c.amountCents, 0);
      const registered = libraries.reduce((sum, l) => sum + (l.registered ?? 0), 0);
      const activePatrons = pulled?.active ?? null;
      const totals = yearTotals({ costCents, contributions: result.lines.map((l) => l.amountCents) });
      return {
        year,
        millesime,
        epci,
        departementPopulation: total,
        coveredPopulation: covered,
        coveredShare: ratio(covered * 100, total, 1),
        persons,
        costCents,
        contributionsCents: totals.totalContributionsCents,
        departementShareCents: totals.departementShareCents,
        costPerInhabitantCovered: ratio(costCents, covered * 100, 4),
        costPerPerson: ratio(costCents, persons * 100, 2),
        patrons: registered,
        activePatrons,
        activePer1000: activePatrons === null ? null : ratio(activePatrons * 1000, covered, 1),
        activeShare: activePatrons === null ? null : ratio(activePatrons * 100, registered, 1),
        activityFetchedAt: pulled?.fetchedAt ?? null,
      };
    },
  };
}
