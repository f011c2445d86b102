import { z } from 'zod';

/** Where an EPCI stands, from first contact to an active convention. Codes are stable; labels are for people. */
export const onboardingStatuses = [
  'not_contacted',
  'in_discussion',
  'convention_drafted',
  'convention_signed',
  'active',
  'suspended',
  'left',
] as const;
export const onboardingStatusSchema = z.enum(onboardingStatuses, {
  error: () => `Statut inconnu. Statuts possibles : ${onboardingStatuses.join(', ')}.`,
});
export type OnboardingStatus = z.infer<typeof onboardingStatusSchema>;

export const onboardingStatusLabels: Record<OnboardingStatus, string> = {
  not_contacted: 'Non contacté',
  in_discussion: 'En discussion',
  convention_drafted: 'Convention en préparation',
  convention_signed: 'Convention signée',
  active: 'Actif',
  suspended: 'Suspendu',
  left: 'Sorti',
};

/** Statuses counted as "in negotiation" in the roll-out summary. */
export const negotiatingStatuses: readonly OnboardingStatus[] = [
  'in_discussion',
  'convention_drafted',
  'convention_signed',
];

const ladder: readonly OnboardingStatus[] = [
  'not_contacted',
  'in_discussion',
  'convention_drafted',
  'convention_signed',
  'active',
];

/**
 * The allowed moves: one step forward or back along the ladder; active ↔ suspended; any status → left;
 * left → in_discussion (a territory that comes back starts talking again).
 */
export function isAllowedMove(from: OnboardingStatus, to: OnboardingStatus): boolean {
  if (from === to) return false;
  if (to === 'left') return true;
  if (from === 'left') return to === 'in_discussion';
  if (from === 'suspended' || to === 'suspended') return (from === 'active') !== (to === 'active');
  return Math.abs(ladder.indexOf(from) - ladder.indexOf(to)) === 1;
}

export function allowedMoves(from: OnboardingStatus): OnboardingStatus[] {
  return onboardingStatuses.filter((to) => isAllowedMove(from, to));
}

export function refusedMoveMessage(from: OnboardingStatus, to: OnboardingStatus): string {
  const allowed = allowedMoves(from).map((s) => `« ${onboardingStatusLabels[s]} »`);
  return `Passage refusé : de « ${onboardingStatusLabels[from]} » on ne peut pas aller à « ${onboardingStatusLabels[to]} ». Possible : ${allowed.join(', ')}.`;
}
