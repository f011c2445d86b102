import { z } from 'zod';
import { contributionsResultSchema } from '../domain/contributions/lines.ts';
import { costLineInputSchema, costLineSchema, indicatorsSchema } from '../domain/costs.ts';
import { sirenSchema } from '../domain/epci.ts';
import { by, id } from './fields.ts';
import { maxComparedScenarios, scenarioRefSchema } from './scenarios.ts';

/** The money: contributions, the financing and statement workbooks, the service's costs and indicators. */
export const moneyMethods = {
  'contributions.compute': {
    input: z
      .object({ year: z.number().int().min(2000).max(2100), scenario: scenarioRefSchema.optional() })
      .strict(),
    output: contributionsResultSchema,
  },

  'contributions.csv': {
    input: z
      .object({ year: z.number().int().min(2000).max(2100), scenario: scenarioRefSchema.optional() })
      .strict(),
    output: z.object({ fileName: z.string(), content: z.string() }),
  },
  'report.statement': {
    input: z.object({ epci: sirenSchema, year: z.number().int().min(2000).max(2100) }).strict(),
    output: z.object({ fileName: z.string(), content: z.string() }),
  },
  'report.financing': {
    input: z
      .object({
        year: z.number().int().min(2000).max(2100),
        /** Stored scenarios by id, or scenarios given whole; up to four beside the current situation. */
        scenarios: z
          .array(scenarioRefSchema)
          .max(maxComparedScenarios, `${maxComparedScenarios} scénarios au plus.`)
          .default([]),
        /** Also keep a copy in the app's reports folder, where the desktop app can show it. */
        keep: z.boolean().default(false),
      })
      .strict(),
    // kept: the copy's path when asked and the door can show files (the desktop app), else null.
    output: z.object({
      fileName: z.string(),
      content: z.string(),
      kept: z.object({ path: z.string() }).nullable(),
    }),
  },
  /** « Ouvrir le dossier »: the system file manager on a report kept in the app's reports folder. */
  'report.reveal': {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: z.object({ path: z.string() }),
  },

  'cost.list': {
    input: z.object({ year: z.number().int().min(2000).max(2100) }).strict(),
    output: z.array(costLineSchema),
  },
  'cost.add': { input: costLineInputSchema.extend({ by }).strict(), output: z.object({ id: z.string() }) },
  'cost.remove': { input: z.object({ id, by }).strict(), output: z.object({ id: z.string() }) },
  'indicators.compute': {
    input: z.object({ year: z.number().int().min(2000).max(2100) }).strict(),
    output: indicatorsSchema,
  },
} as const;
