import { z } from 'zod';

/**
 * The RGPD retention rule, stored in the settings: how long a patron is kept after their registration
 * ended, and what happens to patrons whose library's file gives no end date.
 */
export const noExpiryRules = ['unregistered', 'keep'] as const;
export type NoExpiryRule = (typeof noExpiryRules)[number];

export const noExpiryRuleLabels: Record<NoExpiryRule, string> = {
  unregistered:
    'supprimés la même durée après avoir disparu du fichier de leur bibliothèque (import complet)',
  keep: 'gardés tant que leur bibliothèque ne les retire pas',
};

/** The same, said of one patron (the register). */
export const noExpiryRuleSentences: Record<NoExpiryRule, string> = {
  unregistered:
    'il est supprimé la même durée après avoir disparu du fichier de sa bibliothèque (import complet)',
  keep: 'il est gardé tant que sa bibliothèque ne le retire pas de son fichier',
};

export const retentionSchema = z
  .object({
    months: z.number().int().min(1, 'Entre 1 et 120 mois.').max(120, 'Entre 1 et 120 mois.'),
    noExpiry: z.enum(noExpiryRules, { error: 'Règle inconnue (unregistered ou keep).' }),
  })
  .strict();
export type Retention = z.infer<typeof retentionSchema>;

export const defaultRetention: Retention = { months: 12, noExpiry: 'unregistered' };

/** The settings key the rule is stored under, as JSON. */
export const retentionKey = 'retention';

/** The stored rule, or the default when none (or an unreadable one) is stored. */
export function parseRetention(stored: string | undefined): Retention {
  if (!stored) return defaultRetention;
  try {
    const parsed = retentionSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : defaultRetention;
  } catch {
    return defaultRetention;
  }
}

/** "12 months before today": the retention rule's cutoff, as a calendar date. */
export function cutoffDate(todayIso: string, months: number): string {
  const [year, month, day] = todayIso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.toISOString().slice(0, 10);
}
