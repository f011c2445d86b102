import { createHmac } from 'node:crypto';

/**
 * What a platform learns of a patron — the least it needs (issue 17, RGPD): a subject of its own, that the
 * patron may enter, their library and EPCI (which contract pays), and, only for a platform registered for
 * them, the patron's category and an age band (never the birth date).
 */
export const mednumScope = 'mednum';
export const mednumClaims = ['eligible', 'library', 'epci', 'category', 'age_band'] as const;

/**
 * A subject per (patron, platform): HMAC-SHA256 of both under the pairwise key (oidc-keys.ts). Two
 * platforms cannot match their users by it; it stays the same across restarts and key rotations of the
 * staff tokens. Per platform (client id), not per host: two platforms on one host still differ.
 */
export function pairwiseSubject(key: Buffer, patronId: string, clientId: string): string {
  return createHmac('sha256', key).update(`sub\n${clientId}\n${patronId}`).digest('base64url');
}

/** Where a card is named in the sign-in audit and throttle: a keyed hash, never the number itself. */
export function cardKey(key: Buffer, libraryId: string, cardNumber: string): string {
  return `patron:${createHmac('sha256', key).update(`card\n${libraryId}\n${cardNumber}`).digest('base64url').slice(0, 22)}`;
}

export const ageBands = ['0-14', '15-17', '18-64', '65+'] as const;
export type AgeBand = (typeof ageBands)[number];

/** The band of the age the patron reaches this year (birth year only: the day stays unsaid). */
export function ageBand(birthYear: number | null, year: number): AgeBand | null {
  if (birthYear === null || birthYear > year || birthYear < year - 130) return null;
  const age = year - birthYear;
  if (age <= 14) return '0-14';
  if (age <= 17) return '15-17';
  if (age <= 64) return '18-64';
  return '65+';
}
