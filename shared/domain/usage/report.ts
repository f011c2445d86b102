import { AppError } from '../../errors.ts';
import { type CounterMetric, isCounterMetric, type Release, type ReportKind } from './metrics.ts';
import { type Month, monthSpanFr } from './months.ts';

/** What a report says about itself, whatever its shape (SUSHI JSON or tabular). */
export interface UsageHeader {
  release: Release;
  reportId: string;
  reportKind: ReportKind;
  reportName: string | null;
  institution: string | null;
  created: string | null;
  createdBy: string | null;
  /** The reporting period, whole months. */
  firstMonth: Month;
  lastMonth: Month;
  exceptions: { code: number; message: string }[];
  /** Exception 3030: no usage in the period — zero, not missing. */
  noUsage: boolean;
  /** A Platform filter in the header, the platform of a report without items (a 3030 report). */
  platformFilter: string | null;
}

/** One figure: a platform's (database's, title's) count of one metric in one month. */
export interface UsageRow {
  platform: string;
  /** The database (DR) or title (TR) the figure is for; '' in platform reports. */
  item: string;
  metric: CounterMetric;
  month: Month;
  count: number;
}

/** A row the import refuses, in French, with the line of the file it comes from (null: the whole file). */
export interface UsageProblem {
  line: number | null;
  message: string;
}

export interface ParsedUsageReport {
  format: 'json' | 'tsv' | 'csv';
  header: UsageHeader;
  /**
   * Figures summed per platform, item, metric and month: a master report breaks them down further
   * (Data_Type, Access_Method, YOP…), which the library's figures do not keep.
   */
  rows: UsageRow[];
  /** The platforms the report covers: those of its rows, or of its header when it has none. */
  platforms: string[];
  problems: UsageProblem[];
}

/** A file that is not a COUNTER 5 / 5.1 report at all: nothing of it can be shown or imported. */
export const notAReport = (reason: string) =>
  new AppError(
    'USAGE_FILE_INVALID',
    `Ce fichier n’est pas un rapport d’usage COUNTER 5 ou 5.1 lisible : ${reason}`,
  );

/** At most this many problems are listed; beyond, the file is plainly not the right one. */
export const maxProblems = 200;

/**
 * Gathers the figures of a report as they are read: checks each one (metric, month in the period,
 * count), sums the ones that repeat under attributes the import does not keep, and lists problems.
 */
export class FigureCollector {
  readonly problems: UsageProblem[] = [];
  private readonly sums = new Map<string, UsageRow>();
  private dropped = 0;

  constructor(
    private readonly header: Pick<UsageHeader, 'firstMonth' | 'lastMonth'>,
    private readonly platformOverride: string | null,
  ) {}

  problem(line: number | null, message: string): void {
    if (this.problems.length < maxProblems) this.problems.push({ line, message });
    else this.dropped += 1;
  }

  /** The platform a row is filed under: the staff's name for it when given, else the report's. */
  platform(line: number | null, reported: unknown): string | null {
    if (this.platformOverride) return this.platformOverride;
    const name = typeof reported === 'string' ? reported.trim() : '';
    if (name) return name;
    this.problem(
      line,
      'plateforme absente (colonne ou champ Platform vide) : indiquez le nom de la plateforme.',
    );
    return null;
  }

  metric(line: number | null, name: unknown): CounterMetric | null {
    if (isCounterMetric(name)) return name;
    this.problem(
      line,
      `type de mesure inconnu « ${String(name ?? '')} » : ce n’est pas un Metric_Type de COUNTER 5 ou 5.1.`,
    );
    return null;
  }

  /** A figure as read; the ones refused are listed, never stored. */
  add(
    line: number | null,
    row: { platform: string; item: string; metric: CounterMetric; month: Month },
    raw: unknown,
  ): void {
    const { firstMonth, lastMonth } = this.header;
    if (row.month < firstMonth || row.month > lastMonth) {
      this.problem(
        line,
        `mois ${row.month} hors de la période du rapport (${monthSpanFr(firstMonth, lastMonth)}).`,
      );
      return;
    }
    const count = countOf(raw);
    if (count === null) {
      this.problem(
        line,
        `nombre invalide « ${String(raw)} » pour ${row.metric} en ${row.month} : un entier positif ou nul est attendu.`,
      );
      return;
    }
    const key = `${row.platform}\u0000${row.item}\u0000${row.metric}\u0000${row.month}`;
    const existing = this.sums.get(key);
    if (existing) existing.count += count;
    else this.sums.set(key, { ...row, count });
  }

  rows(): UsageRow[] {
    return [...this.sums.values()];
  }

  finish(): UsageProblem[] {
    if (this.dropped > 0)
      this.problems.push({ line: null, message: `… et ${this.dropped} autres problèmes non détaillés.` });
    return this.problems;
  }
}

/** A count: a non-negative integer, given as a number or as digits (an empty cell of a tabular report is 0). */
export function countOf(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? raw : null;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === '') return 0;
    return /^\d{1,15}$/.test(text) ? Number(text) : null;
  }
  return null;
}
