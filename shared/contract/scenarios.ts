import { z } from 'zod';
import { type Scenario, scenarioSchema } from '../domain/contributions/lines.ts';
import {
  scenarioAuthorSchema,
  scenarioConventionsSchema,
  scenarioNotesSchema,
  scenarioStatusSchema,
  storedScenarioSchema,
} from '../domain/scenarios.ts';
import { by, id } from './fields.ts';

const year = z.number().int().min(2000).max(2100);

/** The most scenarios compared side by side with the current situation (screen, workbook, CLI). */
export const maxComparedScenarios = 4;

const byId = z.object({ id }).strict();

/**
 * A scenario for a computation: a stored one by its id (`{ "id": … }`), or one given whole (a file's
 * content). Which one is decided by the presence of `id`, so a refused file gets the file's own French
 * messages rather than a union's.
 */
export const scenarioRefSchema = z
  .custom<z.input<typeof byId> | z.input<typeof scenarioSchema>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'Scénario invalide : un objet { "id" } ou le contenu d’un fichier de scénario.',
  )
  .transform((value, context): z.output<typeof byId> | Scenario => {
    const parsed = ('id' in value ? byId : scenarioSchema).safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues)
      context.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    return z.NEVER;
  });
export type ScenarioRef = z.input<typeof scenarioRefSchema>;

/** Stored contribution scenarios (db/migrations/0011-scenarios.ts): synced, audited, exported as JSON. */
export const scenarioMethods = {
  'scenario.list': {
    input: z.object({ year: year.optional() }).strict(),
    output: z.array(storedScenarioSchema),
  },
  'scenario.get': { input: z.object({ id }).strict(), output: storedScenarioSchema },
  /** Creates (no id) or updates a scenario; the author defaults to whoever signs the creation. */
  'scenario.save': {
    input: z
      .object({
        id: id.optional(),
        name: scenarioSchema.shape.name,
        year,
        conventions: scenarioConventionsSchema,
        notes: scenarioNotesSchema.optional(),
        author: scenarioAuthorSchema.optional(),
        status: scenarioStatusSchema.optional(),
        by,
      })
      .strict(),
    output: storedScenarioSchema,
  },
  /** A copy, as a draft, named « <name> (copie) » unless a name is given. */
  'scenario.duplicate': {
    input: z.object({ id, name: scenarioSchema.shape.name.optional(), by }).strict(),
    output: storedScenarioSchema,
  },
  'scenario.remove': { input: z.object({ id, by }).strict(), output: z.object({ id: z.string() }) },
  'scenario.setStatus': {
    input: z.object({ id, status: scenarioStatusSchema, by }).strict(),
    output: storedScenarioSchema,
  },
} as const;
