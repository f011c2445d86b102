import { z } from 'zod';
import { accessPolicySchema } from '../domain/eligibility.ts';

/**
 * The patron-access part of the central service's API (central/access/, PROTOCOL.md « Accès des
 * lecteurs »), between the desktop (Réglages, the CLI, the indicators) and the central service. The
 * platforms themselves speak OpenID Connect at `/oidc` (discovery: `/oidc/.well-known/openid-configuration`).
 */
export const accessPaths = {
  /** GET (any account): the policy; PUT (admin): replace it. */
  policy: '/access/policy',
  /** GET (admin): the registered platforms; POST (admin): register one (the secret is shown once). */
  platforms: '/access/platforms',
  /** DELETE (admin): a platform stops being able to sign patrons in. */
  platform: (clientId: string) => `/access/platforms/${encodeURIComponent(clientId)}`,
  /** GET `?year=YYYY` (any account): active patrons counted from sign-ins, per library and platform. */
  activity: '/access/activity',
} as const;

export { accessPolicySchema };

/** A redirect URI a platform may be sent back to: https, or http on the loopback for tests and pilots. */
const redirectUriSchema = z
  .string()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value);
      if (url.hash) return false;
      return (
        url.protocol === 'https:' ||
        (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
      );
    } catch {
      return false;
    }
  }, 'Adresse de retour invalide : https://… (http seulement sur cet ordinateur, pour des essais).');

export const platformInputSchema = z
  .object({
    /** How staff and patrons know it: « Cantook », « Tout apprendre »… */
    name: z.string().trim().min(1, 'Donnez le nom de la plateforme.').max(100),
    redirectUris: z.array(redirectUriSchema).min(1, 'Donnez au moins une adresse de retour.').max(10),
    /** Claims beyond the subject and eligibility: library and EPCI are always sent; these are optional. */
    sendCategory: z.boolean().default(false),
    sendAgeBand: z.boolean().default(false),
  })
  .strict();
export type PlatformInput = z.infer<typeof platformInputSchema>;

export const platformSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  redirectUris: z.array(z.string()),
  sendCategory: z.boolean(),
  sendAgeBand: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  /** A platform signing patrons in by SAML 2.0: its entity and where its assertions go (an older server: null). */
  saml: z.object({ entityId: z.string(), acsUrl: z.string() }).nullable().default(null),
});
export type Platform = z.infer<typeof platformSchema>;

/** Where a platform's signed-in patrons are sent back: its redirect URIs, or its SAML assertion address. */
export function platformAddresses(platform: Platform): string {
  return platform.saml
    ? `SAML : ${platform.saml.acsUrl} (entité ${platform.saml.entityId})`
    : platform.redirectUris.join(' ');
}

export const platformListSchema = z.object({ platforms: z.array(platformSchema) });

/** The answer to a registration: the only time the secret is ever shown. */
export const registeredPlatformSchema = platformSchema.extend({ clientSecret: z.string() });
export type RegisteredPlatform = z.infer<typeof registeredPlatformSchema>;

/**
 * Active patrons of a year: distinct patrons with at least one successful sign-in at any platform during
 * the year (« inscrits numériques actifs »), per library (a patron counts at the library they belong to
 * now) and per platform. Counts only: the desktop never learns who signed in.
 */
export const activitySchema = z.object({
  year: z.number().int(),
  /** Distinct patrons over the whole département (not the sum of platforms: one patron uses several). */
  active: z.number().int(),
  libraries: z.array(z.object({ libraryId: z.string(), active: z.number().int() })),
  platforms: z.array(z.object({ clientId: z.string(), name: z.string(), active: z.number().int() })),
  /** Distinct active patrons per month (1–12), over all platforms. */
  months: z.array(z.object({ month: z.number().int().min(1).max(12), active: z.number().int() })),
});
export type Activity = z.infer<typeof activitySchema>;
