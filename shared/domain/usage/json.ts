import { noUsageException, type ReportKind, releaseOf, reportKindOf } from './metrics.ts';
import { monthOfDate } from './months.ts';
import { FigureCollector, notAReport, type ParsedUsageReport, type UsageHeader } from './report.ts';

/**
 * A COUNTER report in the JSON of a SUSHI response (COUNTER_SUSHI5 API):
 * - Release 5: Report_Filters is a list of { Name, Value }; each report item has Performance[], one entry
 *   per month, { Period: { Begin_Date, End_Date }, Instance: [{ Metric_Type, Count }] };
 * - Release 5.1: Report_Filters is an object; each item has Attribute_Performance[], each with
 *   Performance: { Metric_Type: { "YYYY-MM": count } }; item reports nest Items[] under a platform.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const textOf = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

export function parseJsonReport(text: string, platformOverride: string | null): ParsedUsageReport {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw notAReport(`le JSON est mal formé (${(error as Error).message}).`);
  }
  const report = isObject(document) ? document : null;
  const headerJson = isObject(report?.Report_Header) ? report.Report_Header : null;
  if (!headerJson) {
    const exceptions = sushiExceptions(Array.isArray(document) ? document : (report?.Exception ?? report));
    if (exceptions.length > 0)
      throw notAReport(
        `la plateforme n’a renvoyé qu’une exception SUSHI (${exceptions.map((e) => `${e.code} : ${e.message}`).join(' ; ')}), sans en-tête de rapport.`,
      );
    throw notAReport('l’en-tête Report_Header est absent.');
  }
  const header = readHeader(headerJson);
  const collector = new FigureCollector(header, platformOverride);
  const lines = reportItemLines(text);
  const items = Array.isArray(report?.Report_Items)
    ? report.Report_Items
    : isObject(report?.Report_Items)
      ? [report.Report_Items]
      : [];
  items.forEach((item, index) => {
    const line = lines[index] ?? null;
    if (!isObject(item)) {
      collector.problem(line, `l’élément ${index + 1} de Report_Items n’est pas un objet.`);
      return;
    }
    readItem(collector, header.reportKind, header.release, item, line, null);
  });
  const rows = collector.rows();
  const fromHeader = platformOverride ?? header.platformFilter;
  const platforms = [...new Set(rows.map((r) => r.platform))];
  if (platforms.length === 0 && fromHeader) platforms.push(fromHeader);
  return { format: 'json', header, rows, platforms, problems: collector.finish() };
}

function readHeader(json: Json): UsageHeader {
  const release = releaseOf(json.Release);
  if (!release)
    throw notAReport(
      `version COUNTER « ${String(json.Release ?? '')} » non prise en charge (Release 5 ou 5.1 attendue).`,
    );
  const reportId = textOf(json.Report_ID);
  if (!reportId) throw notAReport('l’identifiant du rapport (Report_ID) est absent.');
  const reportKind = reportKindOf(reportId);
  if (!reportKind)
    throw notAReport(
      `le rapport ${reportId} n’est pas pris en charge : importez un rapport de plateforme (PR), de bases de données (DR) ou de titres (TR).`,
    );
  const filters = filtersOf(json.Report_Filters);
  const firstMonth = monthOfDate(filters.get('Begin_Date'));
  const lastMonth = monthOfDate(filters.get('End_Date'));
  if (!firstMonth || !lastMonth || lastMonth < firstMonth)
    throw notAReport(
      'la période du rapport (Report_Filters : Begin_Date, End_Date) est absente ou invalide.',
    );
  const exceptions = sushiExceptions(json.Exceptions);
  return {
    release,
    reportId,
    reportKind,
    reportName: textOf(json.Report_Name),
    institution: textOf(json.Institution_Name),
    created: textOf(json.Created),
    createdBy: textOf(json.Created_By),
    firstMonth,
    lastMonth,
    exceptions,
    noUsage: exceptions.some((e) => e.code === noUsageException),
    platformFilter: textOf(filters.get('Platform')),
  };
}

/** R5: [{ Name, Value }]; R5.1: { Name: value or [values] }. Values joined by « | » as in tabular reports. */
function filtersOf(value: unknown): Map<string, string> {
  const filters = new Map<string, string>();
  const put = (name: unknown, raw: unknown) => {
    if (typeof name !== 'string') return;
    const values = Array.isArray(raw) ? raw : [raw];
    filters.set(name, values.filter((v) => typeof v === 'string' || typeof v === 'number').join('|'));
  };
  if (Array.isArray(value)) for (const filter of value) if (isObject(filter)) put(filter.Name, filter.Value);
  if (isObject(value)) for (const [name, raw] of Object.entries(value)) put(name, raw);
  return filters;
}

function sushiExceptions(value: unknown): { code: number; message: string }[] {
  const list = Array.isArray(value) ? value : isObject(value) ? [value] : [];
  return list.filter(isObject).flatMap((e) => {
    const code = Number(e.Code);
    if (!Number.isInteger(code)) return [];
    const data = textOf(e.Data);
    return [{ code, message: `${textOf(e.Message) ?? ''}${data ? ` (${data})` : ''}` }];
  });
}

/** The database (DR) or title (TR) a figure is for, '' for a platform; a title may be known by an id only. */
function itemOf(kind: ReportKind, item: Json): string | null {
  if (kind === 'PR') return '';
  if (kind === 'DR') return textOf(item.Database);
  const title = textOf(item.Title);
  if (title) return title;
  const ids = Array.isArray(item.Item_ID)
    ? item.Item_ID.filter(isObject).map((id) => textOf(id.Value))
    : isObject(item.Item_ID)
      ? Object.values(item.Item_ID).map(textOf)
      : [];
  return ids.find((id) => id !== null) ?? null;
}

function readItem(
  collector: FigureCollector,
  kind: ReportKind,
  release: UsageHeader['release'],
  item: Json,
  line: number | null,
  parentPlatform: unknown,
): void {
  // 5.1 item reports: a platform, then its Items.
  if (Array.isArray(item.Items)) {
    for (const child of item.Items)
      if (isObject(child)) readItem(collector, kind, release, child, line, item.Platform ?? parentPlatform);
    return;
  }
  const platform = collector.platform(line, item.Platform ?? parentPlatform);
  const name = itemOf(kind, item);
  if (name === null) {
    collector.problem(line, kind === 'DR' ? 'nom de la base (Database) absent.' : 'titre (Title) absent.');
    return;
  }
  if (platform === null) return;
  if (Array.isArray(item.Performance))
    readR5Performance(collector, { platform, item: name }, item.Performance, line);
  else if (Array.isArray(item.Attribute_Performance))
    for (const attributes of item.Attribute_Performance)
      readR51Performance(
        collector,
        { platform, item: name },
        isObject(attributes) ? attributes.Performance : null,
        line,
      );
  else if (isObject(item.Performance))
    readR51Performance(collector, { platform, item: name }, item.Performance, line);
  else
    collector.problem(
      line,
      release === '5'
        ? 'élément sans Performance : aucun chiffre à lire.'
        : 'élément sans Attribute_Performance : aucun chiffre à lire.',
    );
}

function readR5Performance(
  collector: FigureCollector,
  where: { platform: string; item: string },
  performance: unknown[],
  line: number | null,
): void {
  for (const entry of performance) {
    const period = isObject(entry) && isObject(entry.Period) ? entry.Period : null;
    const month = monthOfDate(period?.Begin_Date);
    const end = monthOfDate(period?.End_Date);
    if (!month || !end) {
      collector.problem(line, 'période (Period : Begin_Date, End_Date) absente ou invalide.');
      continue;
    }
    if (end !== month) {
      collector.problem(
        line,
        `chiffres cumulés du ${String(period?.Begin_Date)} au ${String(period?.End_Date)} : le rapport doit être détaillé par mois (Granularity=Month).`,
      );
      continue;
    }
    const instances = isObject(entry) && Array.isArray(entry.Instance) ? entry.Instance : [];
    for (const instance of instances) {
      if (!isObject(instance)) continue;
      const metric = collector.metric(line, instance.Metric_Type);
      if (metric) collector.add(line, { ...where, metric, month }, jsonCount(instance.Count));
    }
  }
}

function readR51Performance(
  collector: FigureCollector,
  where: { platform: string; item: string },
  performance: unknown,
  line: number | null,
): void {
  if (!isObject(performance)) {
    collector.problem(line, 'Performance absente ou mal formée.');
    return;
  }
  for (const [name, months] of Object.entries(performance)) {
    const metric = collector.metric(line, name);
    if (!metric) continue;
    if (!isObject(months)) {
      collector.problem(line, `${name} : les chiffres doivent être donnés par mois ({ "AAAA-MM": nombre }).`);
      continue;
    }
    for (const [key, raw] of Object.entries(months)) {
      const month = /^\d{4}-\d{2}$/.test(key) ? monthOfDate(key) : null;
      if (!month) {
        collector.problem(line, `${name} : « ${key} » n’est pas un mois (AAAA-MM attendu).`);
        continue;
      }
      collector.add(line, { ...where, metric, month }, jsonCount(raw));
    }
  }
}

/** In JSON a count is a number; an empty string is not zero there, it is missing. */
const jsonCount = (raw: unknown): unknown =>
  typeof raw === 'string' && raw.trim() === '' ? '(vide)' : (raw ?? '(absent)');

/**
 * The line each element of the top-level Report_Items array starts on, found by scanning the text (JSON.parse
 * keeps no positions), so a problem can say where to look in the file.
 */
export function reportItemLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let stringStart = 0;
  let lastString = '';
  let keyAtTop = '';
  let inItems = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\n') line += 1;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') {
        inString = false;
        lastString = text.slice(stringStart, i);
      }
      continue;
    }
    if (c === '"') {
      inString = true;
      stringStart = i + 1;
    } else if (c === ':' && depth === 1) keyAtTop = lastString;
    else if (c === '{' || c === '[') {
      if (inItems && depth === 2 && c === '{') lines.push(line);
      depth += 1;
      if (c === '[' && depth === 2 && keyAtTop === 'Report_Items') inItems = true;
    } else if (c === '}' || c === ']') {
      depth -= 1;
      if (depth <= 1) inItems = false;
    }
  }
  return lines;
}
