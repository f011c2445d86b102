import { z } from 'zod';
import { plainLine } from './plain-text.ts';
import { retentionSchema } from './retention.ts';

/**
 * The defaults of the Rapports screen and of `mednum report financing|statement` when no year is given:
 * which year to propose (this year plus an offset: 1 = next year, the year conventions are negotiated
 * for) and whether the desktop app keeps a copy of the financing workbook in its reports folder.
 */
export const reportDefaultsSchema = z
  .object({
    yearOffset: z
      .number({ error: 'Décalage d’année invalide : un nombre entier entre -2 et 5.' })
      .int('Décalage d’année invalide : un nombre entier entre -2 et 5.')
      .min(-2, 'Entre -2 et 5 ans par rapport à l’année en cours.')
      .max(5, 'Entre -2 et 5 ans par rapport à l’année en cours.'),
    keepCopy: z.boolean({ error: 'Valeur invalide : oui ou non.' }),
  })
  .strict();
export type ReportDefaults = z.infer<typeof reportDefaultsSchema>;

export const defaultReportDefaults: ReportDefaults = { yearOffset: 1, keepCopy: true };

/** The settings key the report defaults are stored under, as JSON (this PC's preference, never synced). */
export const reportDefaultsKey = 'report_defaults';

/** The stored defaults, each field falling back on its default when absent or unreadable. */
export function parseReportDefaults(stored: string | undefined): ReportDefaults {
  if (!stored) return defaultReportDefaults;
  try {
    const raw = JSON.parse(stored) as Record<string, unknown>;
    const parsed = reportDefaultsSchema.safeParse({ ...defaultReportDefaults, ...raw });
    return parsed.success ? parsed.data : defaultReportDefaults;
  } catch {
    return defaultReportDefaults;
  }
}

/** The year the reports propose, `today` being this PC's date. */
export function defaultReportYear(defaults: ReportDefaults, today: Date): number {
  return today.getFullYear() + defaults.yearOffset;
}

/** Everything this PC keeps as settings: who signs, the RGPD retention rule, the reports' defaults. */
export const settingsSchema = z.object({
  staffName: z.string(),
  retention: retentionSchema,
  reports: reportDefaultsSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

/** A change to some of the settings; the fields not named keep their value. */
export const settingsPatchSchema = z
  .object({
    staffName: plainLine(120, { trim: true }).optional(),
    retention: retentionSchema.partial().strict().optional(),
    reports: reportDefaultsSchema.partial().strict().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
