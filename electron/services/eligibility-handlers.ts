import { readAccessPolicy } from '../../db/queries/access-policy.ts';
import {
  conventionPeriods,
  libraryAccessFacts,
  type PatronGroupKey,
  patronAccessGroups,
  patronAccessRow,
  patronsInGroups,
} from '../../db/queries/eligibility.ts';
import { findLibraryId } from '../../db/queries/libraries.ts';
import type { EligibilityTally } from '../../shared/contract/eligibility.ts';
import type { Handlers } from '../../shared/contract.ts';
import { today } from '../../shared/domain/dates.ts';
import {
  type AccessPolicy,
  type EligibilityFacts,
  eligibility,
  type IneligibleReason,
  ineligibilityReasons,
  ineligibleReasons,
  reasonText,
} from '../../shared/domain/eligibility.ts';
import { AppError } from '../../shared/errors.ts';
import type { AppContext } from './context.ts';
import { currentMillesime } from './reference.ts';

type EligibilityHandlers = Pick<Handlers, 'patron.access' | 'eligibility.counts' | 'eligibility.list'>;

type LibraryFacts = Omit<EligibilityFacts, 'patron'> & {
  id: string;
  code: string;
  epciSiren: string | null;
};

/**
 * What the rule needs of every library, read once: a library's facts are the same for all its patrons,
 * so only a patron's registration and expiry date vary from one to the next.
 */
async function readLibraryFacts(
  context: Pick<AppContext, 'database' | 'departement'>,
): Promise<{ millesime: number; libraries: LibraryFacts[] }> {
  const { db } = context.database;
  const millesime = await currentMillesime(db, context.departement);
  const [libraries, conventions] = await Promise.all([
    libraryAccessFacts(db, millesime),
    conventionPeriods(db),
  ]);
  const bySiren = new Map<string, { startOn: string; endOn: string | null }[]>();
  for (const c of conventions) {
    const list = bySiren.get(c.epci_siren) ?? [];
    list.push({ startOn: c.start_on, endOn: c.end_on });
    bySiren.set(c.epci_siren, list);
  }
  return {
    millesime,
    libraries: libraries.map((l) => ({
      id: l.id,
      code: l.code,
      epciSiren: l.epci_siren,
      library: {
        name: l.name,
        participating: l.participating === 1,
        participatingSince: l.participating_since,
      },
      // A membership row whose EPCI is missing from the table still names an EPCI: say it by its SIREN.
      epci: l.epci_siren ? { siren: l.epci_siren, name: l.epci_name ?? l.epci_siren } : null,
      conventions: l.epci_siren ? (bySiren.get(l.epci_siren) ?? []) : [],
      status: l.status,
    })),
  };
}

const factsOf = (
  library: LibraryFacts,
  patron: { registered: number; expires_on: string | null },
): EligibilityFacts => ({
  patron: { registered: patron.registered === 1, expiresOn: patron.expires_on },
  library: library.library,
  epci: library.epci,
  conventions: library.conventions,
  status: library.status,
});

const emptyTally = (): EligibilityTally => ({
  registered: 0,
  eligible: 0,
  ineligible: 0,
  reasons: Object.fromEntries(ineligibleReasons.map((r) => [r, 0])) as Record<IneligibleReason, number>,
  unregistered: 0,
});

/** Adds `count` patrons with these reasons (none: eligible) to a tally: « inscrits » are the registered ones only. */
function addTo(tally: EligibilityTally, registered: boolean, reasons: IneligibleReason[], count: number) {
  if (!registered) {
    tally.unregistered += count;
    return;
  }
  tally.registered += count;
  if (reasons.length === 0) tally.eligible += count;
  else tally.ineligible += count;
  for (const reason of reasons) tally.reasons[reason] += count;
}

function addTally(into: EligibilityTally, from: EligibilityTally) {
  into.registered += from.registered;
  into.eligible += from.eligible;
  into.ineligible += from.ineligible;
  into.unregistered += from.unregistered;
  for (const reason of ineligibleReasons) into.reasons[reason] += from.reasons[reason];
}

/** A patron's access to the médiathèque numérique, counted and listed (shared/domain/eligibility.ts). */
export function eligibilityHandlers(
  context: Pick<AppContext, 'database' | 'departement' | 'now'>,
): EligibilityHandlers {
  const { db } = context.database;

  async function setup(on: string | undefined) {
    const [{ policy, fromCentral }, facts] = await Promise.all([
      readAccessPolicy(db),
      readLibraryFacts(context),
    ]);
    const rules = { graceDays: policy.graceDays, openedEpcis: policy.openedEpcis, fromCentral };
    return { day: on ?? today(context.now()), policy, rules, ...facts };
  }

  /**
   * The rule applied to each group of patrons that share library, registration and expiry date; `only`:
   * the patrons of these libraries alone.
   */
  async function judgedGroups(libraries: LibraryFacts[], day: string, policy: AccessPolicy, only?: string[]) {
    const byId = new Map(libraries.map((l) => [l.id, l]));
    const groups = await patronAccessGroups(db, only);
    return groups.flatMap((group) => {
      const library = byId.get(group.library_id);
      if (!library) return [];
      // Reasons only: dates and sentences are worked out for the patrons shown, not for every group.
      return [{ group, library, reasons: ineligibilityReasons(factsOf(library, group), day, policy) }];
    });
  }

  return {
    async 'patron.access'({ patronId, on }) {
      const { day, policy, rules, libraries } = await setup(on);
      const patron = await patronAccessRow(db, patronId);
      if (!patron) throw new AppError('NOT_FOUND', 'Ce lecteur n’est pas (ou plus) dans le registre.');
      const library = libraries.find((l) => l.id === patron.library_id);
      const facts: EligibilityFacts = library
        ? factsOf(library, patron)
        : {
            patron: { registered: patron.registered === 1, expiresOn: patron.expires_on },
            library: null,
            epci: null,
            conventions: [],
            status: null,
          };
      return { ...eligibility(facts, day, policy), on: day, rules };
    },

    async 'eligibility.counts'({ on }) {
      const { day, policy, rules, libraries, millesime } = await setup(on);
      const perLibrary = new Map(libraries.map((l) => [l.id, emptyTally()]));
      for (const { group, reasons } of await judgedGroups(libraries, day, policy))
        addTo(
          perLibrary.get(group.library_id) as EligibilityTally,
          group.registered === 1,
          reasons,
          group.count,
        );

      const total = emptyTally();
      const perEpci = new Map<string, { name: string; libraries: number; tally: EligibilityTally }>();
      const libraryRows = libraries.map((library) => {
        const tally = perLibrary.get(library.id) as EligibilityTally;
        addTally(total, tally);
        if (library.epci) {
          const epci = perEpci.get(library.epci.siren) ?? {
            name: library.epci.name,
            libraries: 0,
            tally: emptyTally(),
          };
          epci.libraries += 1;
          addTally(epci.tally, tally);
          perEpci.set(library.epci.siren, epci);
        }
        // What closes the whole library: the rule asked about a registered patron with no end date.
        const facts = factsOf(library, { registered: 1, expires_on: null });
        const closed = eligibility(facts, day, policy).reasons.map((r) => reasonText(r, facts, day, policy));
        return {
          ...tally,
          libraryId: library.id,
          code: library.code,
          name: library.library?.name ?? library.code,
          epci: library.epci?.siren ?? null,
          epciName: library.epci?.name ?? null,
          closedBecause: closed,
        };
      });
      const epcis = [...perEpci].map(([siren, epci]) => ({
        siren,
        name: epci.name,
        libraries: epci.libraries,
        ...epci.tally,
      }));
      epcis.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
      return { on: day, millesime, rules, libraries: libraryRows, epcis, total };
    },

    async 'eligibility.list'({ on, libraryId, epci, eligible, reason, limit, offset }) {
      const { day, policy, rules, libraries } = await setup(on);
      let chosen = libraries;
      if (libraryId !== undefined) {
        const found = await findLibraryId(db, libraryId);
        if (!found)
          throw new AppError(
            'NOT_FOUND',
            `Aucune bibliothèque n’a l’identifiant ou le code « ${libraryId} ».`,
          );
        chosen = chosen.filter((l) => l.id === found);
      }
      if (epci !== undefined) chosen = chosen.filter((l) => l.epciSiren === epci);
      const filtered = chosen.length < libraries.length ? chosen.map((l) => l.id) : undefined;
      const matching = (await judgedGroups(chosen, day, policy, filtered)).filter(
        ({ reasons }) =>
          (eligible === undefined || (reasons.length === 0) === eligible) &&
          (reason === undefined || reasons.includes(reason)),
      );
      const total = matching.reduce((sum, { group }) => sum + group.count, 0);
      const keys: PatronGroupKey[] = matching.map(({ group }) => [
        group.library_id,
        group.registered,
        group.expires_on,
      ]);
      const rows = keys.length === 0 ? [] : await patronsInGroups(db, keys, { limit, offset });
      const byId = new Map(libraries.map((l) => [l.id, l]));
      return {
        on: day,
        rules,
        total,
        patrons: rows.map((row) => {
          const library = byId.get(row.library_id) as LibraryFacts;
          const result = eligibility(factsOf(library, row), day, policy);
          return {
            id: row.id,
            cardNumber: row.card_number,
            lastName: row.last_name,
            firstName: row.first_name,
            libraryId: row.library_id,
            libraryCode: row.library_code,
            libraryName: row.library_name,
            epci: library.epciSiren,
            registered: row.registered === 1,
            expiresOn: row.expires_on,
            eligible: result.eligible,
            reasons: result.reasons,
            until: result.until,
            sentence: result.sentence,
          };
        }),
      };
    },
  };
}
