/**
 * COUNTER Release 5 and 5.1 Metric_Types (Code of Practice §3.3.4). These twelve are the whole list of
 * both releases, so every COUNTER metric is kept; a name outside it is not COUNTER (a typo, a vendor's
 * own column, an R4 report relabelled) and the row is refused rather than stored under a name no
 * indicator will ever read.
 */
export const counterMetrics = [
  'Total_Item_Investigations',
  'Total_Item_Requests',
  'Unique_Item_Investigations',
  'Unique_Item_Requests',
  'Unique_Title_Investigations',
  'Unique_Title_Requests',
  'Searches_Platform',
  'Searches_Regular',
  'Searches_Automated',
  'Searches_Federated',
  'Limit_Exceeded',
  'No_License',
] as const;
export type CounterMetric = (typeof counterMetrics)[number];

export const isCounterMetric = (name: unknown): name is CounterMetric =>
  typeof name === 'string' && (counterMetrics as readonly string[]).includes(name);

export const metricLabels: Record<CounterMetric, string> = {
  Total_Item_Investigations: 'consultations (total)',
  Total_Item_Requests: 'téléchargements et lectures (total)',
  Unique_Item_Investigations: 'consultations (documents distincts)',
  Unique_Item_Requests: 'téléchargements et lectures (documents distincts)',
  Unique_Title_Investigations: 'consultations (titres distincts)',
  Unique_Title_Requests: 'téléchargements et lectures (titres distincts)',
  Searches_Platform: 'recherches sur la plateforme',
  Searches_Regular: 'recherches (bases choisies)',
  Searches_Automated: 'recherches (automatiques)',
  Searches_Federated: 'recherches (fédérées)',
  Limit_Exceeded: 'refus (nombre d’accès simultanés atteint)',
  No_License: 'refus (hors abonnement)',
};

/**
 * The report families imported: Platform, Database and Title reports, master reports and standard views
 * alike (PR_P1 is a view of PR). Item reports (IR) are per article: not what a library's figures need.
 */
export const reportKinds = ['PR', 'DR', 'TR'] as const;
export type ReportKind = (typeof reportKinds)[number];

export const reportKindLabels: Record<ReportKind, string> = {
  PR: 'rapport de plateforme',
  DR: 'rapport de bases de données',
  TR: 'rapport de titres',
};

/** "PR", "PR_P1", "DR_D1", "TR_B1", "TR_J4"… → its family; null for anything else. */
export function reportKindOf(reportId: string): ReportKind | null {
  const match = /^(PR|DR|TR)(?:_[A-Z]\d{1,2})?$/.exec(reportId.trim().toUpperCase());
  return (match?.[1] as ReportKind | undefined) ?? null;
}

export const releases = ['5', '5.1'] as const;
export type Release = (typeof releases)[number];

/** "5", "5.0", "5.0.2" → "5"; "5.1", "5.1.0" → "5.1"; anything else is not a release read here. */
export function releaseOf(value: unknown): Release | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (/^5(\.0(\.\d+)?)?$/.test(text)) return '5';
  if (/^5\.1(\.\d+)?$/.test(text)) return '5.1';
  return null;
}

/** COUNTER exception 3030: "No Usage Available for Requested Dates" — a valid report of zero usage. */
export const noUsageException = 3030;
