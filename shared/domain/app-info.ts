import { z } from 'zod';
import { departementSchema, millesimeSchema } from './epci.ts';

export const referenceDataInfoSchema = z.object({
  source: z.string(),
  /** Shipped with the app, or an imported INSEE or DGF file. */
  kind: z.enum(['reference', 'insee', 'dgf']),
  millesime: millesimeSchema,
  inForceYear: z.number().int(),
  importedAt: z.string(),
});

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  departement: departementSchema,
  /** As a letter names it: « Département du Lot ». */
  departementTitle: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  /** The millésime shown by default: the newest with complete legal populations. */
  currentMillesime: millesimeSchema,
  referenceData: z.array(referenceDataInfoSchema),
});
export type AppInfo = z.infer<typeof appInfoSchema>;
