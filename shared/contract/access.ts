import { z } from 'zod';
import { accessPolicySchema } from '../domain/eligibility.ts';
import { platformInputSchema, platformListSchema, registeredPlatformSchema } from '../sync/access.ts';
import { none } from './fields.ts';

const year = z.number().int().min(2000).max(2100);
const errorSchema = z.object({ code: z.string(), message: z.string() });

/** What a platform's administrator needs to connect it (OpenID Connect, on the central service). */
const connectionSchema = z.object({
  issuerUrl: z.string(),
  discoveryUrl: z.string(),
});

export const accessPolicyViewSchema = z.object({
  policy: accessPolicySchema,
  /** false: this PC never received the Département's policy and shows (and applies) the default one. */
  fromCentral: z.boolean(),
  /** When this PC last received it from the central service (ISO instant). */
  fetchedAt: z.string().nullable(),
  /** Why asking the central service failed just now (offline, not signed in…), when it was asked. */
  refreshError: errorSchema.nullable(),
  /** null: no central service configured on this PC. */
  connection: connectionSchema.nullable(),
});
export type AccessPolicyView = z.infer<typeof accessPolicyViewSchema>;

/**
 * A year's active patrons as this PC last pulled them (counts only). `active`: distinct patrons over the
 * département (one patron at several libraries or platforms counts once), null when never pulled.
 */
export const activityViewSchema = z.object({
  year: z.number().int(),
  fetchedAt: z.string().nullable(),
  active: z.number().int().nullable(),
  libraries: z.array(
    z.object({
      libraryId: z.string(),
      name: z.string(),
      epci: z.string().nullable(),
      epciName: z.string().nullable(),
      active: z.number().int(),
      registered: z.number().int(),
      /** active / registered, as a percentage with one decimal (exact decimal string); null: none registered. */
      activeShare: z.string().nullable(),
    }),
  ),
  /** Active patrons counted for libraries this PC does not know (not synced yet): part of `active`. */
  unknownLibraries: z.number().int(),
  platforms: z.array(z.object({ clientId: z.string(), name: z.string(), active: z.number().int() })),
  months: z.array(z.object({ month: z.number().int(), active: z.number().int() })),
});
export type ActivityView = z.infer<typeof activityViewSchema>;

/**
 * The patron-access administration held by the central service (shared/sync/access.ts): the access
 * policy, the platforms allowed to sign patrons in, and the active patrons counted from sign-ins.
 * Changes are the central service's (admin accounts); this PC keeps a copy of the policy and the counts.
 */
export const accessMethods = {
  'access.policy.get': {
    /** refresh: ask the central service first (a failure is said in `refreshError`, the copy still shown). */
    input: z.object({ refresh: z.boolean().default(false) }).strict(),
    output: accessPolicyViewSchema,
  },
  'access.policy.update': { input: accessPolicySchema, output: accessPolicyViewSchema },
  'access.platform.list': { input: none, output: platformListSchema },
  /** The answer is the only time the client secret is ever shown. */
  'access.platform.register': { input: platformInputSchema, output: registeredPlatformSchema },
  'access.platform.remove': {
    input: z.object({ clientId: z.string().min(1).max(200) }).strict(),
    output: z.object({ clientId: z.string() }),
  },
  'access.activity.refresh': { input: z.object({ year }).strict(), output: activityViewSchema },
  'access.activity.get': { input: z.object({ year }).strict(), output: activityViewSchema },
} as const;
