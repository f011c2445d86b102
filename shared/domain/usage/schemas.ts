import { z } from 'zod';
import { counterMetrics, releases, reportKinds } from './metrics.ts';

const month = z.string().regex(/^\d{4}-\d{2}$/);
const count = z.number().int().min(0);

export const usageProblemSchema = z.object({ line: z.number().int().nullable(), message: z.string() });

/** An earlier import whose figures for these months an import replaces, said in French. */
export const usageReplacementSchema = z.object({
  batchId: z.string(),
  fileName: z.string(),
  committedAt: z.string(),
  platform: z.string(),
  firstMonth: month,
  lastMonth: month,
  rows: count,
  message: z.string(),
});

export const usagePreviewSchema = z.object({
  fileName: z.string(),
  /** What usage.commit is given back, so the figures committed are those of the file previewed. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  format: z.enum(['json', 'tsv', 'csv']),
  release: z.enum(releases),
  reportId: z.string(),
  reportKind: z.enum(reportKinds),
  reportName: z.string().nullable(),
  institution: z.string().nullable(),
  created: z.string().nullable(),
  firstMonth: month,
  lastMonth: month,
  period: z.string(),
  platforms: z.array(z.string()),
  exceptions: z.array(z.object({ code: z.number().int(), message: z.string() })),
  /** Exception 3030: the platform reports no usage in the period — zero, imported as such. */
  noUsage: z.boolean(),
  rows: count,
  total: count,
  totals: z.array(z.object({ metric: z.enum(counterMetrics), month, count })),
  problems: z.array(usageProblemSchema),
  /** False when any problem is listed: a report is imported whole or not at all. */
  importable: z.boolean(),
  replaces: z.array(usageReplacementSchema),
  alreadyImported: z
    .object({ batchId: z.string(), fileName: z.string(), committedAt: z.string() })
    .nullable(),
});
export type UsagePreview = z.infer<typeof usagePreviewSchema>;

export const usageImportSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  release: z.enum(releases),
  reportId: z.string(),
  reportKind: z.enum(reportKinds),
  platforms: z.array(z.string()),
  institution: z.string().nullable(),
  firstMonth: month,
  lastMonth: month,
  rows: count,
  total: count,
  replaced: count,
  actor: z.string(),
  committedAt: z.string(),
  undoneAt: z.string().nullable(),
  undoneBy: z.string().nullable(),
});

export const usageTotalsSchema = z.object({
  year: z.number().int(),
  /** Sums per platform, report family, metric and month, as imported. */
  byReport: z.array(
    z.object({ platform: z.string(), reportKind: z.enum(reportKinds), metric: z.string(), month, count }),
  ),
  /**
   * Per platform, metric and month, one figure: the platform report's (PR) when there is one, else the
   * sum of its databases (DR), else of its titles (TR) — never two families added, which would count
   * the same use twice.
   */
  byPlatform: z.array(
    z.object({ platform: z.string(), metric: z.string(), month, count, source: z.enum(reportKinds) }),
  ),
});
