import { z } from 'zod';
import { millesimeSchema } from './epci.ts';

export const populationFileKinds = ['insee', 'dgf'] as const;
export const populationFileKindSchema = z.enum(populationFileKinds, {
  error: () => 'Type de fichier inconnu (insee ou dgf).',
});

/** Up to 30 MB of file, base64-encoded: INSEE's national XLSX is about 3 MB. */
export const fileContentSchema = z
  .string()
  .max(40_000_000, 'Fichier trop volumineux (30 Mo au plus).')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Contenu de fichier illisible.');

export const millesimeImportInputSchema = z
  .object({
    fileName: z.string().min(1).max(255),
    content: fileContentSchema,
    year: millesimeSchema,
    kind: populationFileKindSchema.default('insee'),
    by: z.string().trim().min(1).max(120).optional(),
  })
  .strict();

export const millesimeImportResultSchema = z.object({
  millesime: millesimeSchema,
  kind: populationFileKindSchema,
  source: z.string(),
  bases: z.array(z.enum(['municipale', 'totale', 'dgf'])),
  /** Communes of the app's geography whose figures were written. */
  communes: z.number().int(),
  /** Rows about communes outside the app's geography (other départements), ignored. */
  ignored: z.number().int(),
  /** Communes of the geography the file has no figure for. */
  missing: z.array(z.object({ insee: z.string(), name: z.string() })),
  /** Rows that could not be read, with their line number and reason. */
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});
export type MillesimeImportResult = z.infer<typeof millesimeImportResultSchema>;

export const vintageSchema = z.object({
  millesime: millesimeSchema,
  inForceYear: z.number().int(),
  bases: z.array(
    z.object({
      basis: z.enum(['municipale', 'totale', 'dgf']),
      source: z.string(),
      communes: z.number().int(),
    }),
  ),
  geography: z.boolean(),
});

/**
 * Where populations come from, as staff read it: the data shipped with the app is named in words, not as
 * a package name and version; an imported file keeps the name it had.
 */
export function populationSourceLabel(source: string): string {
  const shipped = /^@etalab\/decoupage-administratif@(\d[\w.-]*)$/.exec(source);
  return shipped
    ? `données livrées avec l’application (découpage administratif d’Etalab, ${shipped[1]})`
    : source;
}
