import { z } from 'zod';
import { type Scenario, scenarioSchema } from './contributions/lines.ts';
import { formatEurosFr } from './money.ts';
import { plainLine, plainText } from './plain-text.ts';

/**
 * Stored contribution scenarios (db/migrations/0011-scenarios.ts): the scenario file's content (name,
 * year, conventions with their bands, `scenarioSchema`) plus who made it, notes and where it stands in the
 * negotiation. The JSON file staff exchange keeps its shape: `{ "name", "year", "conventions" }`.
 */
export const scenarioStatuses = ['brouillon', 'presente', 'retenu'] as const;
export const scenarioStatusSchema = z.enum(scenarioStatuses, {
  error: () => 'Statut inconnu : brouillon, presente ou retenu.',
});
export type ScenarioStatus = z.infer<typeof scenarioStatusSchema>;
export const scenarioStatusLabels: Record<ScenarioStatus, string> = {
  brouillon: 'brouillon',
  presente: 'présenté',
  retenu: 'retenu',
};

/** The conventions of a scenario as stored (a JSON array): the file's own rule, bands included. */
export const scenarioConventionsSchema = scenarioSchema.shape.conventions;
/** The longest `conventions` text a row may hold (the sync protocol's longest value). */
export const maxConventionsText = 100_000;

export const scenarioNotesSchema = plainText(10_000);
export const scenarioAuthorSchema = plainLine(120, { trim: true });

/** Parses a stored `conventions` column; a value that no longer passes the rule reads as null. */
export function readStoredConventions(text: string): Scenario['conventions'] | null {
  try {
    const parsed = scenarioConventionsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A stored scenario as the screens, the CLI and the reports read it. */
export const storedScenarioSchema = z.object({
  id: z.string(),
  name: z.string(),
  year: z.number().int(),
  author: z.string(),
  notes: z.string(),
  status: scenarioStatusSchema,
  conventions: scenarioConventionsSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StoredScenario = z.infer<typeof storedScenarioSchema>;

/** The file's content of a stored scenario (what « Exporter en JSON » writes). */
export function scenarioFile(scenario: Pick<StoredScenario, 'name' | 'year' | 'conventions'>): Scenario {
  return { name: scenario.name, year: scenario.year, conventions: scenario.conventions };
}

/**
 * A `conventions` value in a few French words, for the journal and the conflicts screen:
 * « 2 conventions : 200066801 à 0,30 € (3 tranches) ; 244600573 à 0,25 € ». Text that is not such a
 * list is returned as it is.
 */
export function describeScenarioConventions(text: string): string {
  const conventions = readStoredConventions(text);
  if (conventions === null) return text;
  if (conventions.length === 0) return 'aucune convention';
  const each = conventions.map((c) => {
    const bands = c.bands?.length ? ` (${c.bands.length} tranches)` : '';
    return `${c.epci} à ${formatEurosFr(c.rate)}${bands}`;
  });
  const count = conventions.length === 1 ? '1 convention' : `${conventions.length} conventions`;
  return `${count} : ${each.join(' ; ')}`;
}
