import type { ReportKind } from '../../../shared/domain/usage/metrics.ts';
import {
  type SushiCredentials,
  sushiExceptionsOf,
  sushiRefusal,
  sushiReportUrl,
  sushiWaitFr,
} from '../../../shared/domain/usage/sushi.ts';
import { AppError } from '../../../shared/errors.ts';
import { formatBytesFr } from '../../../shared/format.ts';

export interface SushiLimits {
  /** The whole exchange, headers and body: a vendor building a big title report may take a while. */
  timeoutMs: number;
  /** The import's own cap on a usage report (usage-handlers.ts). */
  maxBytes: number;
}

export const defaultSushiLimits: SushiLimits = { timeoutMs: 120_000, maxBytes: 64 * 1024 * 1024 };

/**
 * Downloads one COUNTER report from a vendor's SUSHI endpoint and returns its bytes once they are known to
 * be a report (a header, whatever its exceptions say beyond a zero report). Every failure is an AppError in
 * French; none carries the address, whose query holds the credentials.
 */
export async function downloadSushiReport(
  request: {
    platform: string;
    baseUrl: string;
    kind: ReportKind;
    credentials: SushiCredentials;
    months: { begin: string; end: string };
  },
  limits: SushiLimits = defaultSushiLimits,
): Promise<Buffer> {
  const url = sushiReportUrl(request.baseUrl, request.kind, request.credentials, request.months);
  const who = `Le serveur SUSHI de ${request.platform}`;
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let response: Response;
  try {
    // No redirect followed: one to another host or to http would carry the credentials along.
    response = await fetch(url, { headers: { accept: 'application/json' }, redirect: 'manual', signal });
  } catch {
    throw signal.aborted ? timedOut(who, limits) : unreachable(who);
  }
  let bytes: Buffer;
  try {
    bytes = await readCapped(response, limits.maxBytes);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw signal.aborted ? timedOut(who, limits) : unreachable(who);
  }

  const document = parseJson(bytes);
  const hasHeader = isObject(document) && isObject(document.Report_Header);
  const refusal = sushiRefusal(sushiExceptionsOf(document), {
    hasHeader,
    retryAfter: response.headers.get('retry-after'),
  });
  if (refusal) throw new AppError(refusal.code, refusal.message);
  if (response.status === 401 || response.status === 403)
    throw new AppError(
      'SUSHI_CREDENTIALS_REFUSED',
      `${who} refuse les identifiants (HTTP ${response.status}) : vérifiez l’identifiant client, le demandeur et la clé.`,
    );
  if (response.status === 429)
    throw new AppError(
      'SUSHI_THROTTLED',
      `Le fournisseur limite les requêtes : réessayez dans ${sushiWaitFr(response.headers.get('retry-after'), [])} (HTTP 429).`,
    );
  if (response.status >= 300 && response.status < 400)
    throw new AppError(
      'SUSHI_REFUSED',
      `${who} renvoie vers une autre adresse (HTTP ${response.status}) : demandez au fournisseur l’adresse SUSHI exacte.`,
    );
  if (response.status !== 200)
    throw new AppError(
      'SUSHI_REFUSED',
      `${who} a répondu par une erreur (HTTP ${response.status}) : réessayez plus tard ; si elle persiste, vérifiez l’adresse.`,
    );
  if (!hasHeader)
    throw new AppError(
      'SUSHI_NOT_COUNTER',
      `${who} n’a pas renvoyé un rapport COUNTER (JSON sans en-tête de rapport) : vérifiez l’adresse SUSHI.`,
    );
  return bytes;
}

async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new AppError(
      'FILE_TOO_LARGE',
      `Le rapport envoyé dépasse ${formatBytesFr(maxBytes)} : demandez moins de mois à la fois.`,
    );
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    // Counted as it arrives: a server that lies about its length or sends none is stopped all the same.
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const unreachable = (who: string) =>
  new AppError(
    'SUSHI_UNREACHABLE',
    `${who} est injoignable (adresse introuvable ou connexion refusée) : vérifiez l’adresse et la connexion à Internet.`,
  );

const timedOut = (who: string, limits: SushiLimits) =>
  new AppError(
    'SUSHI_TIMEOUT',
    `${who} n’a pas répondu en ${Math.round(limits.timeoutMs / 1000)} secondes : réessayez plus tard, ou demandez moins de mois.`,
  );
