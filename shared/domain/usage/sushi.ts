import type { ReportKind } from './metrics.ts';

/**
 * The COUNTER_SUSHI5 API as this app speaks it: `GET {base}/reports/{pr|dr|tr}?customer_id=…&requestor_id=…
 * &api_key=…&begin_date=YYYY-MM&end_date=YYYY-MM`, the JSON report in the body. Vendors report failures as
 * SUSHI exceptions, often with HTTP 200: a bare exception, an array of them, or a report header whose
 * `Exceptions` say why it holds no items. Pure: the HTTP side is electron/services/usage/sushi-client.ts.
 */

export interface SushiCredentials {
  customerId: string;
  requestorId?: string;
  apiKey?: string;
}

const paths: Record<ReportKind, string> = { PR: 'reports/pr', DR: 'reports/dr', TR: 'reports/tr' };

/** The report's address; secrets are in its query, so the URL is never logged or returned. */
export function sushiReportUrl(
  baseUrl: string,
  kind: ReportKind,
  credentials: SushiCredentials,
  months: { begin: string; end: string },
): URL {
  // The base may end with or without a slash ("…/sushi" or "…/sushi/"): both mean the same folder.
  const url = new URL(paths[kind], baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('customer_id', credentials.customerId);
  if (credentials.requestorId) url.searchParams.set('requestor_id', credentials.requestorId);
  if (credentials.apiKey) url.searchParams.set('api_key', credentials.apiKey);
  url.searchParams.set('begin_date', months.begin);
  url.searchParams.set('end_date', months.end);
  return url;
}

/** https, or http on this machine only (a test server, a local proxy): credentials never travel in clear. */
export function sushiBaseUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Adresse invalide : elle commence par https:// (exemple : https://sushi.fournisseur.fr/counter/r5).';
  }
  if (url.username || url.password || url.search || url.hash)
    return 'L’adresse ne contient ni identifiant, ni paramètres : donnez-les dans leurs champs.';
  if (url.protocol === 'https:') return null;
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && loopback) return null;
  return 'L’adresse doit commencer par https:// : les identifiants ne circulent jamais en clair.';
}

export interface SushiException {
  code: number;
  message: string;
  data?: string;
}

/** The exceptions of a body: a bare one, an array, `{ Exception }`, or a report header's `Exceptions`. */
export function sushiExceptionsOf(document: unknown): SushiException[] {
  const one = (value: unknown): SushiException | null => {
    if (!value || typeof value !== 'object') return null;
    const v = value as Record<string, unknown>;
    const code = Number(v.Code ?? v.code);
    if (!Number.isInteger(code)) return null;
    const text = (x: unknown) => (typeof x === 'string' ? x : undefined);
    return { code, message: text(v.Message ?? v.message) ?? '', data: text(v.Data ?? v.data) };
  };
  const list = (value: unknown) =>
    (Array.isArray(value) ? value : [value]).map(one).filter((e): e is SushiException => e !== null);
  if (Array.isArray(document)) return list(document);
  if (!document || typeof document !== 'object') return [];
  const d = document as Record<string, unknown>;
  if (d.Report_Header && typeof d.Report_Header === 'object')
    return list((d.Report_Header as Record<string, unknown>).Exceptions ?? []);
  if (d.Exception !== undefined) return list(d.Exception);
  if (d.Exceptions !== undefined) return list(d.Exceptions);
  const bare = one(d);
  return bare ? [bare] : [];
}

export type SushiRefusal =
  | { code: 'SUSHI_THROTTLED'; message: string }
  | { code: 'SUSHI_CREDENTIALS_REFUSED'; message: string }
  | { code: 'SUSHI_NOT_READY'; message: string }
  | { code: 'SUSHI_NO_USAGE'; message: string }
  | { code: 'SUSHI_REFUSED'; message: string };

/** Exceptions that mean the body is not a report to import (3030 with a header is: a zero report). */
export function sushiRefusal(
  exceptions: readonly SushiException[],
  options: { hasHeader: boolean; retryAfter?: string | null },
): SushiRefusal | null {
  const codes = new Set(exceptions.map((e) => e.code));
  const detail = (code: number) => {
    const e = exceptions.find((x) => x.code === code);
    return e ? ` (exception ${code}${e.message ? ` : ${e.message}` : ''})` : '';
  };
  if (codes.has(1020) || codes.has(1010))
    return {
      code: 'SUSHI_THROTTLED',
      message: `Le fournisseur limite les requêtes : réessayez dans ${sushiWaitFr(options.retryAfter, exceptions)}${detail(codes.has(1020) ? 1020 : 1010)}.`,
    };
  for (const code of [2000, 2010, 2020])
    if (codes.has(code))
      return {
        code: 'SUSHI_CREDENTIALS_REFUSED',
        message: `Le fournisseur refuse les identifiants (client, demandeur ou clé) : vérifiez-les dans la source SUSHI${detail(code)}.`,
      };
  if (codes.has(1011) || codes.has(3031))
    return {
      code: 'SUSHI_NOT_READY',
      message: `Le fournisseur n’a pas encore les chiffres de ces mois : réessayez plus tard${detail(codes.has(3031) ? 3031 : 1011)}.`,
    };
  if (codes.has(3030) && !options.hasHeader)
    return {
      code: 'SUSHI_NO_USAGE',
      message: `Le fournisseur n’a aucun usage à déclarer pour ces mois : rien à importer${detail(3030)}.`,
    };
  if (!options.hasHeader && exceptions.length > 0) {
    const e = exceptions[0] as SushiException;
    return {
      code: 'SUSHI_REFUSED',
      message: `Le fournisseur n’a pas envoyé de rapport${detail(e.code)}.`,
    };
  }
  for (const code of [1000, 1030, 3000, 3010, 3020])
    if (codes.has(code))
      return {
        code: 'SUSHI_REFUSED',
        message: `Le fournisseur n’a pas envoyé de rapport${detail(code)}.`,
      };
  return null;
}

/** « 1 heure », « 30 secondes »… from Retry-After or the exception's Data; « quelques minutes » else. */
export function sushiWaitFr(
  retryAfter: string | null | undefined,
  exceptions: readonly SushiException[],
): string {
  const seconds = Number(retryAfter);
  if (retryAfter && Number.isFinite(seconds) && seconds > 0) return durationFr(seconds);
  for (const e of exceptions) {
    const m = /(\d+)\s*(second|sec|s\b|minute|min|hour|heure|h\b)/i.exec(e.data ?? e.message);
    if (m) {
      const n = Number(m[1]);
      const unit = (m[2] as string).toLowerCase();
      return durationFr(unit.startsWith('h') ? n * 3600 : unit.startsWith('m') ? n * 60 : n);
    }
  }
  return 'quelques minutes';
}

function durationFr(seconds: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;
  if (seconds < 90) return plural(Math.ceil(seconds), 'seconde');
  if (seconds < 3600) return plural(Math.ceil(seconds / 60), 'minute');
  return plural(Math.ceil(seconds / 3600), 'heure');
}
