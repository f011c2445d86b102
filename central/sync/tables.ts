import { z } from 'zod';
import { perimeterSchema, populationBasisSchema, prorataSchema } from '../../shared/domain/convention.ts';
import { costLineInputSchema } from '../../shared/domain/costs.ts';
import { isoDateSchema } from '../../shared/domain/dates.ts';
import { inseeCodeSchema, millesimeSchema, sirenSchema } from '../../shared/domain/epci.ts';
import { ilsSchema, libraryKindSchema } from '../../shared/domain/library.ts';
import { onboardingStatusSchema } from '../../shared/domain/onboarding.ts';
import type { SyncTable } from '../../shared/sync/protocol.ts';

/**
 * The columns of each synced table (db/schema.ts, minus id/created_at/updated_at, which the server sets),
 * with the domain's own value rules. A push naming another column, or a value of the wrong shape, is
 * rejected: the server never stores what a desktop could not read back.
 */
const text = z.string().max(10_000);
const date = isoDateSchema;
const cents = z.number().int().min(0);
const flag = z.union([z.literal(0), z.literal(1)]);

type Columns = Record<string, z.ZodType>;

export const tableColumns: Record<Exclude<SyncTable, 'sync_conflict'>, Columns> = {
  epci_followup: {
    epci_siren: sirenSchema,
    status: onboardingStatusSchema,
    next_action: text,
    next_action_due: date.nullable(),
  },
  epci_event: {
    epci_siren: sirenSchema,
    kind: z.enum(['status', 'note']),
    from_status: onboardingStatusSchema.nullable(),
    to_status: onboardingStatusSchema.nullable(),
    note: text,
    at: z.string().max(40),
    by: z.string().max(200),
  },
  contact: { epci_siren: sirenSchema, name: text, role: text, email: text, phone: text },
  convention: {
    epci_siren: sirenSchema,
    reference: z.string().max(100),
    signed_on: date.nullable(),
    start_on: date,
    end_on: date.nullable(),
    rate_e4: z.number().int().min(0),
    basis: populationBasisSchema,
    millesime: millesimeSchema,
    perimeter: perimeterSchema,
    prorata: prorataSchema,
    floor_cents: cents.nullable(),
    cap_cents: cents.nullable(),
    document_name: z.string().max(255).nullable(),
    document_sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable(),
    document_size: z.number().int().min(0).nullable(),
  },
  library: {
    code: z.string().min(1).max(50),
    name: z.string().min(1).max(200),
    kind: libraryKindSchema,
    commune_insee: inseeCodeSchema,
    ils: ilsSchema,
    contact_name: text,
    contact_email: text,
    contact_phone: text,
    participating: flag,
    participating_since: date.nullable(),
  },
  mapping_profile: {
    library_id: z.string().min(1).max(64),
    name: z.string().min(1).max(200),
    mapping: z.string().max(100_000),
    encoding: z.string().max(40).nullable(),
  },
  service_cost: {
    year: costLineInputSchema.shape.year,
    vendor: text,
    label: text,
    pricing: costLineInputSchema.shape.pricing,
    amount_cents: cents,
  },
};

/** The columns a batch chunk's patron rows carry (db/schema.ts `patron` minus `num`). */
export const patronRowSchema = z
  .object({
    id: z.string().min(1).max(64),
    library_id: z.string().min(1).max(64),
    card_number: z.string().min(1).max(100),
    last_name: z.string().max(200),
    first_name: z.string().max(200).nullable(),
    birth_date: date.nullable(),
    birth_year: z.number().int().nullable(),
    email: z.string().max(254).nullable(),
    postal_code: z.string().max(10).nullable(),
    commune_insee: z.string().max(5).nullable(),
    commune_name: z.string().max(200).nullable(),
    registered_on: date.nullable(),
    expires_on: date.nullable(),
    category: z.string().max(100).nullable(),
    registered: flag,
    name_key: z.string().max(400),
    duplicate_of: z.string().max(64).nullable(),
    duplicate_status: z.enum(['possible', 'confirmed', 'distinct']).nullable(),
    created_batch: z.string().max(64).nullable(),
    created_at: z.string().max(40),
    updated_at: z.string().max(40),
  })
  .strict();
export type PatronRow = z.infer<typeof patronRowSchema>;

/** batchChunkSchema (shared/sync/protocol.ts) with each patron's columns checked. */
export const patronChunkSchema = z
  .object({
    patrons: z.array(patronRowSchema).max(5_000),
    deleted: z.array(z.string().min(1).max(64)).max(50_000).default([]),
  })
  .strict();
export type PatronChunk = z.infer<typeof patronChunkSchema>;

export type Row = Record<string, string | number | boolean | null>;

/** A patch's columns and values; `full` also requires every column (a row the server doesn't have yet). */
export function checkColumns(
  table: Exclude<SyncTable, 'sync_conflict'>,
  patch: Row,
  full: boolean,
): string | null {
  const columns = tableColumns[table];
  for (const [name, value] of Object.entries(patch)) {
    const schema = columns[name];
    if (!schema) return `Champ inconnu pour ${table} : « ${name} ».`;
    const result = schema.safeParse(value);
    if (!result.success) return `${name} : ${result.error.issues[0]?.message ?? 'valeur invalide'}`;
  }
  if (full) {
    const missing = Object.keys(columns).filter((name) => !(name in patch));
    // Nullable columns may be left out of a creation: they start empty.
    const required = missing.filter((name) => !columns[name]?.safeParse(null).success);
    if (required.length) return `Champs manquants pour créer ${table} : ${required.join(', ')}.`;
  }
  return null;
}
