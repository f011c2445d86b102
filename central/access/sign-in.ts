import { timingSafeEqual } from 'node:crypto';
import { isRealDate } from '../../shared/domain/dates.ts';
import type { CentralContext } from '../context.ts';
import { cardKey } from './claims.ts';
import { findPatronByCard, type PatronAccess, patronAccess } from './patron-eligibility.ts';
import { recordPatronAttempt, settlePatronAttempt } from './sign-in-throttle.ts';

/**
 * A patron signing in for a platform: library, card number and birth date — the date the registry
 * already holds is the secret (no new personal data, no password to keep or reset, no e-mail to send;
 * PROTOCOL.md « Accès des lecteurs »). A wrong date and an unknown card get the same answer, so the page
 * never tells whether a card exists.
 */
export interface SignInForm {
  libraryId: string;
  cardNumber: string;
  /** As typed: JJ/MM/AAAA. */
  birthDate: string;
}

export type FieldErrors = Partial<Record<keyof SignInForm, string>>;

export type SignInOutcome =
  | { kind: 'invalid'; errors: FieldErrors }
  | { kind: 'wrong' }
  | { kind: 'no_birth_date' }
  | { kind: 'refused'; access: PatronAccess }
  | { kind: 'ok'; patronId: string };

/** « 05/03/1987 » (or 5/3/1987, 05-03-1987, 05.03.1987) → 1987-03-05; undefined when not a real date. */
export function parseFrenchDate(text: string): string | undefined {
  const match = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(text);
  if (!match) return undefined;
  const iso = `${match[3]}-${match[2]?.padStart(2, '0')}-${match[1]?.padStart(2, '0')}`;
  return isRealDate(iso) ? iso : undefined;
}

export function checkForm(form: SignInForm, libraries: ReadonlySet<string>): FieldErrors {
  const errors: FieldErrors = {};
  if (!libraries.has(form.libraryId)) errors.libraryId = 'Choisissez votre bibliothèque dans la liste.';
  if (form.cardNumber.trim() === '') errors.cardNumber = 'Écrivez le numéro de votre carte de bibliothèque.';
  else if (form.cardNumber.trim().length > 100) errors.cardNumber = 'Ce numéro de carte est trop long.';
  if (form.birthDate.trim() === '') errors.birthDate = 'Écrivez votre date de naissance.';
  else if (!parseFrenchDate(form.birthDate))
    errors.birthDate = 'Écrivez votre date de naissance sous la forme JJ/MM/AAAA, par exemple 05/03/1987.';
  return errors;
}

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * Checks a sign-in, throttled and audited (throws Throttled when it comes too soon). `libraries`: the ids
 * the page offered (participating libraries).
 */
export async function signIn(
  ctx: Pick<CentralContext, 'db' | 'now'>,
  pairwiseKey: Buffer,
  form: SignInForm,
  libraries: ReadonlySet<string>,
  request: { ip: string; clientId: string },
): Promise<SignInOutcome> {
  const { ip, clientId } = request;
  // The audit says why in a word and for which platform, never what was typed.
  const settle = (attempt: number, outcome: 'ok' | 'failed' | 'refused', why: string) =>
    settlePatronAttempt(ctx, attempt, outcome, `${why} client=${clientId}`);
  const errors = checkForm(form, libraries);
  if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
  const cardNumber = form.cardNumber.trim();
  const birthDate = parseFrenchDate(form.birthDate) as string;
  const attempt = await recordPatronAttempt(ctx, cardKey(pairwiseKey, form.libraryId, cardNumber), ip);
  const patron = await findPatronByCard(ctx, form.libraryId, cardNumber);
  if (!patron) {
    await settle(attempt, 'failed', 'wrong_card_or_date');
    return { kind: 'wrong' };
  }
  if (!patron.birthDate) {
    // Without a date there is nothing to check; said only when the year matches what the registry has
    // (or it has none), so a stranger's guess of a card does not learn this either.
    if (patron.birthYear !== null && patron.birthYear !== Number(birthDate.slice(0, 4))) {
      await settle(attempt, 'failed', 'wrong_card_or_date');
      return { kind: 'wrong' };
    }
    await settle(attempt, 'refused', 'no_birth_date');
    return { kind: 'no_birth_date' };
  }
  if (!sameText(patron.birthDate.slice(0, 10), birthDate)) {
    await settle(attempt, 'failed', 'wrong_card_or_date');
    return { kind: 'wrong' };
  }
  const access = await patronAccess(ctx, patron);
  if (!access.eligibility.eligible) {
    await settle(attempt, 'refused', access.eligibility.reasons.join(','));
    return { kind: 'refused', access };
  }
  await settle(attempt, 'ok', 'signed_in');
  return { kind: 'ok', patronId: patron.id };
}
