import { z } from 'zod';
import { isStoredBands } from '../../shared/domain/contributions/bands.ts';
import { perimeterSchema, populationBasisSchema, prorataSchema } from '../../shared/domain/convention.ts';
import { costLineInputSchema } from '../../shared/domain/costs.ts';
import { isoDateSchema } from '../../shared/domain/dates.ts';
import { inseeCodeSchema, millesimeSchema, sirenSchema } from '../../shared/domain/epci.ts';
import { ilsSchema, libraryKindSchema } from '../../shared/domain/library.ts';
import { onboardingStatusSchema } from '../../shared/domain/onboarding.ts';
import { patronTextLimits } from '../../shared/domain/patron.ts';
import { plainLine, plainText } from '../../shared/domain/plain-text.ts';
import {
  maxConventionsText,
  readStoredConventions,
  scenarioAuthorSchema,
  scenarioNotesSchema,
  scenarioStatusSchema,
} from '../../shared/domain/scenarios.ts';
import type { SyncTable } from '../../shared/sync/protocol.ts';

/**
 * The columns of each synced table (db/schema.ts, minus id/created_at/updated_at, which the server sets),
 * with the domain's own value rules. A push naming another column, or a value of the wrong shape, is
 * rejected: the server never stores what a desktop could not read back.
 */
// Text follows shared/domain/plain-text.ts, the rule the desktop's contract applies to what staff type:
// multi-line notes, everything else on one line.
const notes = plainText(10_000);
const line = plainLine(10_000);
const date = isoDateSchema;
const cents = z.number().int().min(0);
const flag = z.union([z.literal(0), z.literal(1)]);

type Columns = Record<string, z.ZodType>;

export const tableColumns: Record<Exclude<SyncTable, 'sync_conflict'>, Columns> = {
  epci_followup: {
    epci_siren: sirenSchema,
    status: onboardingStatusSchema,
    next_action: line,
    next_action_due: date.nullable(),
  },
  epci_event: {
    epci_siren: sirenSchema,
    kind: z.enum(['status', 'note']),
    from_status: onboardingStatusSchema.nullable(),
    to_status: onboardingStatusSchema.nullable(),
    note: notes,
    at: plainLine(40),
    by: plainLine(200),
  },
  contact: { epci_siren: sirenSchema, name: line, role: line, email: line, phone: line },
  convention: {
    epci_siren: sirenSchema,
    reference: plainLine(100),
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
    // Degressive bands as the desktop stores them (JSON), by the rule it checks them with; null: one rate.
    bands: z.string().max(2_000).refine(isStoredBands, 'Tranches dégressives invalides.').nullable(),
    document_name: plainLine(255).nullable(),
    document_sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable(),
    document_size: z.number().int().min(0).nullable(),
  },
  library: {
    code: plainLine(50).min(1),
    name: plainLine(200).min(1),
    kind: libraryKindSchema,
    commune_insee: inseeCodeSchema,
    ils: ilsSchema,
    contact_name: line,
    contact_email: line,
    contact_phone: line,
    participating: flag,
    participating_since: date.nullable(),
  },
  mapping_profile: {
    library_id: plainLine(64).min(1),
    name: plainLine(200).min(1),
    mapping: plainText(100_000),
    encoding: plainLine(40).nullable(),
  },
  service_cost: {
    year: costLineInputSchema.shape.year,
    vendor: costLineInputSchema.shape.vendor,
    label: costLineInputSchema.shape.label,
    pricing: costLineInputSchema.shape.pricing,
    amount_cents: cents,
  },
  scenario: {
    name: plainLine(120, { trim: true }).min(1),
    year: z.number().int().min(2000).max(2100),
    author: scenarioAuthorSchema,
    notes: scenarioNotesSchema,
    // The scenario file's conventions, bands included, by the rule the desktop checks them with.
    conventions: z
      .string()
      .max(maxConventionsText)
      .refine((text) => readStoredConventions(text) !== null, 'Conventions du scénario invalides.'),
    status: scenarioStatusSchema,
  },
};

/** The columns a batch chunk's patron rows carry (db/schema.ts `patron` minus `num`). */
export const patronRowSchema = z
  .object({
    id: plainLine(64).min(1),
    library_id: plainLine(64).min(1),
    card_number: plainLine(patronTextLimits.cardNumber).min(1),
    last_name: plainLine(patronTextLimits.lastName),
    first_name: plainLine(patronTextLimits.firstName).nullable(),
    birth_date: date.nullable(),
    birth_year: z.number().int().nullable(),
    email: plainLine(254).nullable(),
    postal_code: plainLine(10).nullable(),
    commune_insee: plainLine(5).nullable(),
    commune_name: plainLine(patronTextLimits.commune).nullable(),
    registered_on: date.nullable(),
    expires_on: date.nullable(),
    category: plainLine(patronTextLimits.category).nullable(),
    registered: flag,
    // Both names folded (œ → oe doubles a character at most) and their separator.
    name_key: plainLine(4 * patronTextLimits.lastName + 1),
    duplicate_of: plainLine(64).nullable(),
    duplicate_status: z.enum(['possible', 'confirmed', 'distinct']).nullable(),
    created_batch: plainLine(64).nullable(),
    created_at: plainLine(40),
    updated_at: plainLine(40),
  })
  .strict();
export type PatronRow = z.infer<typeof patronRowSchema>;

/** batchChunkSchema (shared/sync/protocol.ts) with each patron's columns checked. */
export const patronChunkSchema = z
  .object({
    patrons: z.array(patronRowSchema).max(5_000),
    deleted: z.array(plainLine(64).min(1)).max(50_000).default([]),
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
