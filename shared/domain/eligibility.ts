import { z } from 'zod';
import { formatDateFr } from './dates.ts';
import { sirenSchema } from './epci.ts';

/**
 * Who may enter the médiathèque numérique, on a date: THE rule, used by the desktop (the patron's card,
 * the counts, the CLI) and by the central service's sign-in for the platforms (central/access/), so a
 * patron the card says « oui » is let in and no other.
 *
 * A patron is eligible when registered (still in their library's file: not unregistered by a full
 * import), their registration not ended more than `graceDays` ago, at a member library (participating,
 * since a date on or before the day), whose commune's EPCI has a convention in force that day — or which
 * the Département opened by decision (a pilot) — and whose follow-up is not suspended or left.
 */

/** Set by the Département on the central service (Réglages « Accès des lecteurs »); cached by each PC. */
export const accessPolicySchema = z
  .object({
    /** Days after the registration's end during which access stays open (a renewal on its way). */
    graceDays: z
      .number()
      .int()
      .min(0, 'Le délai de grâce va de 0 à 365 jours.')
      .max(365, 'Le délai de grâce va de 0 à 365 jours.'),
    /** EPCIs whose patrons may enter without a convention in force, by the Département's decision. */
    openedEpcis: z.array(sirenSchema).max(500),
  })
  .strict();
export type AccessPolicy = z.infer<typeof accessPolicySchema>;

/** The `setting` key under which a PC caches the policy it last pulled (JSON matching accessPolicySchema). */
export const accessPolicyKey = 'access_policy';

/** A month of grace: a patron whose card expired while its renewal is on its way keeps reading. */
export const defaultAccessPolicy: AccessPolicy = { graceDays: 30, openedEpcis: [] };

export interface EligibilityFacts {
  /** null: not in the registry (never imported, or purged). */
  patron: { registered: boolean; expiresOn: string | null } | null;
  /** null: the library no longer exists. */
  library: { name: string; participating: boolean; participatingSince: string | null } | null;
  /** The EPCI of the library's commune; null: a commune outside any EPCI the registry knows. */
  epci: { siren: string; name: string } | null;
  /** That EPCI's conventions (any period). */
  conventions: ReadonlyArray<{ startOn: string; endOn: string | null }>;
  /** That EPCI's follow-up status, when it has one. */
  status: string | null;
}

export const ineligibleReasons = [
  'not_in_registry',
  'unregistered',
  'expired',
  'library_unknown',
  'library_not_member',
  'no_epci',
  'epci_suspended',
  'no_convention',
] as const;
export type IneligibleReason = (typeof ineligibleReasons)[number];

export const eligibilitySchema = z.object({
  eligible: z.boolean(),
  /** Every reason that closes access (empty when eligible), in the order a person checks them. */
  reasons: z.array(z.enum(ineligibleReasons)),
  /** When eligible: the last day access stays open as things stand (null: no end known). */
  until: z.string().nullable(),
  /** One French sentence: « Accès à la médiathèque numérique : oui, … » / « non, parce que … ». */
  sentence: z.string(),
});
export type Eligibility = z.infer<typeof eligibilitySchema>;

/** `iso` plus `days` days, as an ISO date (UTC arithmetic: no time zone shifts a calendar date). */
export function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const inForce = (c: { startOn: string; endOn: string | null }, on: string) =>
  c.startOn <= on && (c.endOn === null || on <= c.endOn);

/**
 * The last day conventions keep the EPCI covered without a gap from `on`: a renewal signed ahead
 * (2026 ending 31/12, 2027 starting 01/01) carries access on, and of overlapping ones the longest counts.
 * undefined: no convention in force on `on`; null: covered with no end known.
 */
function coveredUntil(conventions: EligibilityFacts['conventions'], on: string): string | null | undefined {
  let day = on;
  let end: string | undefined;
  // Each round moves past one convention's end, so it ends within as many rounds as there are conventions.
  for (let round = 0; round <= conventions.length; round++) {
    const ends = conventions.filter((c) => inForce(c, day)).map((c) => c.endOn);
    if (ends.length === 0) return end;
    if (ends.includes(null)) return null;
    end = (ends as string[]).sort().at(-1) as string;
    day = addDays(end, 1);
  }
  return end;
}

/** The rule's verdict before any date or sentence is worked out. */
function judge(facts: EligibilityFacts, on: string, policy: AccessPolicy) {
  const reasons: IneligibleReason[] = [];
  const { patron, library, epci } = facts;
  if (!patron) reasons.push('not_in_registry');
  else {
    if (!patron.registered) reasons.push('unregistered');
    if (patron.expiresOn !== null && addDays(patron.expiresOn, policy.graceDays) < on)
      reasons.push('expired');
  }
  // A patron the registry does not hold has no library to speak of: « not in the registry » says it all.
  if (!library) {
    if (patron) reasons.push('library_unknown');
  } else if (!library.participating || (library.participatingSince ?? '') > on)
    reasons.push('library_not_member');
  const opened = epci !== null && policy.openedEpcis.includes(epci.siren);
  const covered = coveredUntil(facts.conventions, on);
  if (library && !epci) reasons.push('no_epci');
  else if (epci) {
    if (facts.status === 'suspended' || facts.status === 'left') reasons.push('epci_suspended');
    else if (covered === undefined && !opened) reasons.push('no_convention');
  }
  return { reasons, opened, covered };
}

/**
 * Only the reasons that close access (empty: eligible), the same as `eligibility` gives: for counting
 * many patrons, where no date to show and no sentence is needed.
 */
export function ineligibilityReasons(
  facts: EligibilityFacts,
  on: string,
  policy: AccessPolicy,
): IneligibleReason[] {
  return judge(facts, on, policy).reasons;
}

export function eligibility(facts: EligibilityFacts, on: string, policy: AccessPolicy): Eligibility {
  const { reasons, opened, covered } = judge(facts, on, policy);
  const until = reasons.length === 0 ? lastOpenDay(facts, policy, opened ? null : (covered ?? null)) : null;
  return {
    eligible: reasons.length === 0,
    reasons,
    until,
    sentence: sentence(facts, on, policy, reasons, until),
  };
}

function lastOpenDay(facts: EligibilityFacts, policy: AccessPolicy, coveredTo: string | null): string | null {
  const ends = [
    facts.patron?.expiresOn ? addDays(facts.patron.expiresOn, policy.graceDays) : null,
    coveredTo,
  ].filter((d): d is string => d !== null);
  return ends.sort()[0] ?? null;
}

/** Each reason said of one patron, in French, with the facts that decide it. */
export function reasonText(
  reason: IneligibleReason,
  facts: EligibilityFacts,
  on: string,
  policy: AccessPolicy,
): string {
  switch (reason) {
    case 'not_in_registry':
      return 'il n’est pas (ou plus) dans le registre';
    case 'unregistered':
      return 'sa bibliothèque l’a retiré de son fichier (import complet)';
    case 'expired': {
      const end = facts.patron?.expiresOn ?? on;
      const grace =
        policy.graceDays > 0
          ? `, délai de grâce de ${policy.graceDays} jours passé le ${formatDateFr(addDays(end, policy.graceDays))}`
          : '';
      return `son abonnement a pris fin le ${formatDateFr(end)}${grace}`;
    }
    case 'library_unknown':
      return 'sa bibliothèque n’existe plus dans le registre';
    case 'library_not_member':
      return `${facts.library?.name ?? 'sa bibliothèque'} ne participe pas à la médiathèque numérique`;
    case 'no_epci':
      return 'la commune de sa bibliothèque n’appartient à aucun EPCI connu';
    case 'epci_suspended':
      return `le service est ${facts.status === 'left' ? 'arrêté' : 'suspendu'} pour ${facts.epci?.name ?? 'son EPCI'}`;
    case 'no_convention':
      return `${facts.epci?.name ?? 'son EPCI'} n’a pas de convention en vigueur le ${formatDateFr(on)}`;
  }
}

function sentence(
  facts: EligibilityFacts,
  on: string,
  policy: AccessPolicy,
  reasons: IneligibleReason[],
  until: string | null,
): string {
  if (reasons.length === 0)
    return `Accès à la médiathèque numérique : oui${until ? `, jusqu’au ${formatDateFr(until)}` : ''}.`;
  const because = reasons.map((r) => reasonText(r, facts, on, policy)).join(' ; ');
  // « parce qu’il », « parce qu’Espace culturel… »: French elides before a vowel.
  const that = /^[aeiouyàâéèêëîïôûü]/i.test(because) ? 'qu’' : 'que ';
  return `Accès à la médiathèque numérique : non, parce ${that}${because}.`;
}
