import { type DelimitedRow, delimiterOf, isBlankRow, splitDelimited } from './delimited.ts';
import { noUsageException, type ReportKind, releaseOf, reportKindOf } from './metrics.ts';
import { type Month, monthOfColumn, monthOfDate, monthSpanFr } from './months.ts';
import { countOf, FigureCollector, notAReport, type ParsedUsageReport, type UsageHeader } from './report.ts';

/**
 * A tabular COUNTER report (Code of Practice §3.2): a header of name–value rows (12 in Release 5, 13 in
 * 5.1 which adds Registry_Record), a blank row, then the column headings — the item's description,
 * Platform, attributes, Metric_Type, Reporting_Period_Total, one column per month — and the body.
 */
export function parseTabularReport(text: string, platformOverride: string | null): ParsedUsageReport {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const delimiter = delimiterOf(firstLine);
  if (!delimiter)
    throw notAReport(
      'l’en-tête COUNTER est absent (la première ligne doit commencer par Report_Name ; un export de SUSHI commence par {).',
    );
  const rows = splitDelimited(text, delimiter);
  const blank = rows.findIndex(isBlankRow);
  if (blank < 0) throw notAReport('la ligne vide qui sépare l’en-tête des colonnes est absente.');
  const header = readHeader(rows.slice(0, blank));
  const body = rows.slice(blank + 1).filter((row) => !isBlankRow(row));
  const headings = body[0];
  if (!headings) throw notAReport('la ligne des intitulés de colonnes est absente.');
  const collector = new FigureCollector(header, platformOverride);
  const columns = readColumns(headings, header.reportKind);
  if (columns.months.length === 0 && body.length > 1)
    throw notAReport(
      'aucune colonne de mois (Jan-2026 ou 2026-01) : le rapport doit être détaillé par mois (sans Exclude_Monthly_Details).',
    );
  for (const { month, index } of columns.months) {
    if (month < header.firstMonth || month > header.lastMonth)
      collector.problem(
        headings.line,
        `colonne ${headings.cells[index]?.trim()} : mois ${month} hors de la période du rapport (${monthSpanFr(header.firstMonth, header.lastMonth)}).`,
      );
  }
  // An out-of-period column is said once, at the headings, and its cells are not read as figures.
  const inPeriod = (month: Month) => month >= header.firstMonth && month <= header.lastMonth;
  for (const row of body.slice(1)) readRow(collector, header.reportKind, columns, row, inPeriod);
  const rowsRead = collector.rows();
  const platforms = [...new Set(rowsRead.map((r) => r.platform))];
  const fromHeader = platformOverride ?? header.platformFilter;
  if (platforms.length === 0 && fromHeader) platforms.push(fromHeader);
  return {
    format: delimiter === '\t' ? 'tsv' : 'csv',
    header,
    rows: rowsRead,
    platforms,
    problems: collector.finish(),
  };
}

function readHeader(rows: DelimitedRow[]): UsageHeader {
  const values = new Map(rows.map((row) => [row.cells[0]?.trim() ?? '', (row.cells[1] ?? '').trim()]));
  const required = ['Report_ID', 'Release', 'Reporting_Period'];
  const missing = required.filter((name) => !values.get(name));
  if (missing.length > 0) throw notAReport(`l’en-tête COUNTER est incomplet (${missing.join(', ')} absent).`);
  const release = releaseOf(values.get('Release'));
  if (!release)
    throw notAReport(
      `version COUNTER « ${values.get('Release')} » non prise en charge (Release 5 ou 5.1 attendue).`,
    );
  const reportId = values.get('Report_ID') as string;
  const reportKind = reportKindOf(reportId);
  if (!reportKind)
    throw notAReport(
      `le rapport ${reportId} n’est pas pris en charge : importez un rapport de plateforme (PR), de bases de données (DR) ou de titres (TR).`,
    );
  const period = pairs(values.get('Reporting_Period') ?? '');
  const firstMonth = monthOfDate(period.get('Begin_Date'));
  const lastMonth = monthOfDate(period.get('End_Date'));
  if (!firstMonth || !lastMonth || lastMonth < firstMonth)
    throw notAReport('la période du rapport (Reporting_Period : Begin_Date=…; End_Date=…) est invalide.');
  const exceptions = [...(values.get('Exceptions') ?? '').matchAll(/(\d{4})\s*:\s*([^;]*)/g)].map((m) => ({
    code: Number(m[1]),
    message: (m[2] ?? '').trim(),
  }));
  const text = (name: string) => values.get(name) || null;
  return {
    release,
    reportId,
    reportKind,
    reportName: text('Report_Name'),
    institution: text('Institution_Name'),
    created: text('Created'),
    createdBy: text('Created_By'),
    firstMonth,
    lastMonth,
    exceptions,
    noUsage: exceptions.some((e) => e.code === noUsageException),
    platformFilter: pairs(values.get('Report_Filters') ?? '').get('Platform') ?? null,
  };
}

/** "Begin_Date=2026-01-01; End_Date=2026-06-30" → its names and values. */
function pairs(text: string): Map<string, string> {
  return new Map(
    text
      .split(';')
      .map((part) => part.split('='))
      .filter((pair): pair is [string, string] => pair.length === 2)
      .map(([name, value]) => [name.trim(), value.trim()]),
  );
}

interface Columns {
  platform: number;
  item: number;
  metric: number;
  total: number;
  months: { month: Month; index: number }[];
}

function readColumns(headings: DelimitedRow, kind: ReportKind): Columns {
  const names = headings.cells.map((cell) => cell.trim());
  const find = (name: string) => names.indexOf(name);
  const metric = find('Metric_Type');
  if (metric < 0) throw notAReport(`la colonne Metric_Type est absente (ligne ${headings.line}).`);
  const itemColumn = kind === 'DR' ? 'Database' : kind === 'TR' ? 'Title' : null;
  const item = itemColumn ? find(itemColumn) : -1;
  if (itemColumn && item < 0)
    throw notAReport(`la colonne ${itemColumn} est absente (ligne ${headings.line}).`);
  const months = names.flatMap((name, index) => {
    const month = monthOfColumn(name);
    return month ? [{ month, index }] : [];
  });
  return { platform: find('Platform'), item, metric, total: find('Reporting_Period_Total'), months };
}

function readRow(
  collector: FigureCollector,
  kind: ReportKind,
  columns: Columns,
  row: DelimitedRow,
  inPeriod: (month: Month) => boolean,
): void {
  const cell = (index: number) => (index >= 0 ? (row.cells[index] ?? '').trim() : '');
  const platform = collector.platform(row.line, cell(columns.platform));
  const item = kind === 'PR' ? '' : cell(columns.item);
  if (kind !== 'PR' && !item) {
    collector.problem(row.line, kind === 'DR' ? 'nom de la base (Database) vide.' : 'titre (Title) vide.');
    return;
  }
  const metric = collector.metric(row.line, cell(columns.metric));
  if (!platform || !metric) return;
  let sum = 0;
  let valid = true;
  for (const { month, index } of columns.months) {
    const raw = cell(index);
    const count = countOf(raw);
    if (count === null) valid = false;
    else sum += count;
    if (inPeriod(month)) collector.add(row.line, { platform, item, metric, month }, raw);
  }
  // The row's own total, when given, must be the sum of its months: a shifted or cut row shows here.
  const total = columns.total >= 0 ? countOf(cell(columns.total)) : null;
  if (valid && total !== null && cell(columns.total) !== '' && total !== sum)
    collector.problem(
      row.line,
      `Reporting_Period_Total (${total}) différent de la somme des mois (${sum}) pour ${metric}.`,
    );
}
