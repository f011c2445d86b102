import { parseJsonReport } from './json.ts';
import type { CounterMetric } from './metrics.ts';
import { type Month, monthsBetween } from './months.ts';
import { notAReport, type ParsedUsageReport, type UsageRow } from './report.ts';
import { parseTabularReport } from './tabular.ts';

export interface ParseOptions {
  /** The platform's name as staff file it (the cost lines' vendor), replacing the report's. */
  platform?: string | null;
}

/**
 * A COUNTER 5 or 5.1 report, JSON (a SUSHI response saved to a file) or tabular (TSV or CSV), told apart
 * by its first character; the release is read from the report's own header. Decoding the bytes is the
 * caller's (a UTF-8 BOM, already removed or not, is skipped here).
 */
export function parseUsageReport(text: string, options: ParseOptions = {}): ParsedUsageReport {
  const body = text.replace(/^\uFEFF/, '');
  const start = body.trimStart();
  const platform = options.platform?.trim() || null;
  if (start === '') throw notAReport('le fichier est vide.');
  const report =
    start.startsWith('{') || start.startsWith('[')
      ? parseJsonReport(body, platform)
      : parseTabularReport(body, platform);
  // A report without figures (exception 3030) still replaces its months: it must say for which platform.
  if (report.platforms.length === 0)
    report.problems.push({
      line: null,
      message:
        'plateforme inconnue : le rapport ne contient aucun chiffre ni filtre Platform ; indiquez le nom de la plateforme.',
    });
  return report;
}

/** Per metric and month, the sum over platforms and items — what a preview shows. */
export function totalsByMetricAndMonth(rows: readonly UsageRow[]) {
  const sums = new Map<string, { metric: CounterMetric; month: Month; count: number }>();
  for (const row of rows) {
    const key = `${row.metric}\u0000${row.month}`;
    const sum = sums.get(key);
    if (sum) sum.count += row.count;
    else sums.set(key, { metric: row.metric, month: row.month, count: row.count });
  }
  return [...sums.values()].sort(
    (a, b) => a.metric.localeCompare(b.metric) || a.month.localeCompare(b.month),
  );
}

/** The months a report covers: its whole reporting period (months without figures are zero usage). */
export const coveredMonths = (report: ParsedUsageReport): Month[] =>
  monthsBetween(report.header.firstMonth, report.header.lastMonth);
