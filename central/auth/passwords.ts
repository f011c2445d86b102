import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/** argon2id (the library's default algorithm) with its recommended cost: ~20 MiB, 2 passes. */
export const hashPassword = (password: string) => hash(password);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Verified against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('mednum-decoy-password');
  return decoy;
}

export const minPasswordLength = 10;

/** ~49,000 passwords found in leaks (zxcvbn-ts), French ones included: « azerty », « motdepasse »… */
const common = new Set(dictionary.passwords);

/**
 * Why a new password is refused, in French, or null. Too short, blank, or a common password once lower-
 * cased and stripped of the digits and signs people append (« Motdepasse2026! » is « motdepasse »).
 */
export function passwordProblem(password: string): string | null {
  if (password.trim() === '') return 'Le mot de passe ne peut pas être fait que d’espaces.';
  if ([...password].length < minPasswordLength)
    return `Mot de passe trop court (${minPasswordLength} caractères au moins).`;
  const lowered = password.trim().toLowerCase();
  const stem = lowered.replace(/[\d\s!?.,;:*#@$%&_+=-]+$/u, '');
  if (common.has(lowered) || common.has(stem) || common.has(lowered.replace(/\s+/g, '')))
    return 'Ce mot de passe fait partie des plus courants (listes de mots de passe divulgués) : choisissez-en un autre, par exemple une phrase de quatre mots.';
  return null;
}
