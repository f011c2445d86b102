import { z } from 'zod';
import { syncTables } from '../sync/protocol.ts';

/** What the status indicator and `mednum sync status` show. */
export const syncStatusSchema = z.object({
  /** A server URL is set (Réglages or `mednum login`). */
  configured: z.boolean(),
  serverUrl: z.string().nullable(),
  /** Logged in: a refresh token is kept on this PC. */
  loggedIn: z.boolean(),
  user: z.object({ email: z.string(), role: z.string() }).nullable(),
  /** Whether the last attempt reached the server; null before any attempt in this run. */
  online: z.boolean().nullable(),
  running: z.boolean(),
  lastSyncAt: z.string().nullable(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Changes, and patron change sets (imports, undos, duplicate decisions, purges), waiting to be sent. */
  pending: z.object({ changes: z.number().int(), batches: z.number().int() }),
  conflicts: z.number().int(),
  rejections: z.number().int(),
  /**
   * How far this PC has read the central's log: it moves when a sync brings what others changed, and the
   * screens then load their data again.
   */
  received: z.number().int(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncOutcomeSchema = z.object({
  pushed: z.number().int(),
  pulled: z.number().int(),
  /** Conflicts still open after this sync. */
  conflicts: z.number().int(),
});

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A conflict as people read it: what it is about, both values, who and when, and how it ended. */
export const conflictViewSchema = z.object({
  id: z.string(),
  table: z.enum(syncTables),
  rowId: z.string(),
  field: z.string(),
  /** "CC Grand-Figeac — statut", in plain words. */
  subject: z.string(),
  fieldLabel: z.string(),
  serverValue: scalar,
  clientValue: scalar,
  serverBy: z.string(),
  serverAt: z.string(),
  clientBy: z.string(),
  clientAt: z.string(),
  status: z.enum(['open', 'resolved']),
  resolution: z.enum(['mine', 'theirs', 'edit']).nullable(),
  resolvedValue: scalar,
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type ConflictView = z.infer<typeof conflictViewSchema>;

export const rejectionViewSchema = z.object({
  mutationId: z.string(),
  table: z.string(),
  /** "contact", "convention"… in plain words. */
  tableLabel: z.string(),
  rowId: z.string(),
  op: z.string(),
  patch: z.string(),
  at: z.string(),
  code: z.string(),
  reason: z.string(),
  rejectedAt: z.string(),
});

export const conflictKeepSchema = z.enum(['mine', 'theirs', 'edit']);
/** A server on this very PC (tests, a demonstration): the only one reached without TLS. */
const loopback = /^http:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:\/|$)/i;

export const serverUrlSchema = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'Adresse du serveur invalide (exemple : https://mednum.lot.fr).')
  // Passwords, tokens and every patron travel to it: never in clear over the network.
  .refine(
    (url) => /^https:\/\//i.test(url) || loopback.test(url),
    'Le serveur central se joint en https:// (mots de passe et lecteurs y transitent) ; http:// n’est admis que pour un serveur sur ce poste (localhost, 127.0.0.1).',
  );
export { scalar as syncValueSchema };

/** Plain words for the fields a conflict can be about (review fields, shared/sync/protocol.ts). */
export const conflictFieldLabels: Record<string, string> = {
  status: 'statut',
  reference: 'référence',
  signed_on: 'date de signature',
  start_on: 'date de début',
  end_on: 'date de fin',
  rate_e4: 'tarif par habitant',
  basis: 'population de référence',
  millesime: 'millésime',
  perimeter: 'périmètre',
  prorata: 'prorata',
  floor_cents: 'plancher',
  cap_cents: 'plafond',
  bands: 'tranches dégressives',
  participating: 'participation',
  participating_since: 'participe depuis',
  commune_insee: 'commune',
  amount_cents: 'montant',
  pricing: 'tarification',
  year: 'année',
  name: 'nom',
  conventions: 'conventions',
};
