import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Envelope } from '../../shared/api.ts';
import type { ErrorCode, ErrorPayload } from '../../shared/errors.ts';
import type { Gate } from '../services/gate.ts';
import { isStagedFileId, uploadPaths } from '../services/import/staged-files.ts';
import { contentSecurityPolicy, contentTypeFor, resolveStaticFile } from '../services/static-files.ts';
import type { UnexpectedErrors } from '../services/unexpected-errors.ts';
import { receiveUpload } from './upload.ts';

export interface HostOptions {
  /** The context's gate (services/dispatch.ts). */
  gate: Gate;
  /** The context's sink, for failures of the host itself (a request it could not read or answer). */
  unexpected: Pick<UnexpectedErrors, 'report'>;
  /** The built renderer (dist/renderer). */
  staticRoot: string;
  /** Where uploads are streamed for the core to import (services/import/staged-files.ts). */
  uploadDir: string;
  port?: number;
}

export interface Host {
  /** Open this once: it carries the token, which the host trades for a session cookie. */
  url: string;
  origin: string;
  close(): Promise<void>;
}

const sessionCookie = 'mednum_session';
// Room for a 30 MB file (a signed convention, an INSEE workbook) once base64-encoded.
const maxBodyBytes = 42 * 1024 * 1024;

const statusFor: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNKNOWN_METHOD: 404,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  ACTOR_REQUIRED: 422,
  STATUS_MOVE_REFUSED: 409,
  CONVENTION_REQUIRED: 409,
  CONVENTION_OVERLAP: 409,
  COMMUNE_UNKNOWN: 422,
  LIBRARY_CODE_TAKEN: 409,
  POPULATION_MISSING: 422,
  FILE_UNREADABLE: 422,
  NOTHING_TO_IMPORT: 422,
  ALREADY_UNDONE: 409,
  CANCELLED: 409,
  AUTH_REQUIRED: 401,
  AUTH_FAILED: 401,
  RATE_LIMITED: 429,
  CLIENT_TOO_OLD: 426,
  SYNC_GAP: 409,
  SYNC_OFFLINE: 503,
  SYNC_NOT_CONFIGURED: 409,
  SYNC_REFUSED: 422,
  SYNC_SNAPSHOT_INVALID: 502,
  READ_ONLY_ACCOUNT: 403,
  FILE_TOO_LARGE: 413,
  CORE_STOPPED: 503,
  USAGE_FILE_INVALID: 422,
  USAGE_FILE_CHANGED: 409,
  USAGE_UNDO_BLOCKED: 409,
  // A vendor's endpoint failing is not this host's fault: a bad gateway, said in French in the body.
  SUSHI_UNREACHABLE: 502,
  SUSHI_TIMEOUT: 504,
  SUSHI_CREDENTIALS_REFUSED: 502,
  SUSHI_THROTTLED: 503,
  SUSHI_NOT_READY: 503,
  SUSHI_NO_USAGE: 422,
  SUSHI_REFUSED: 502,
  SUSHI_NOT_COUNTER: 502,
  DB_OPEN_FAILED: 500,
  DB_NEWER_THAN_APP: 500,
  REFERENCE_DATA_MISSING: 500,
  DB_CORRUPT: 500,
  DB_BUSY: 503,
  DISK_FULL: 507,
  BACKUP_FAILED: 500,
  BACKUP_INVALID: 422,
  INTERNAL: 500,
};

const baseHeaders = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * The browser door: the renderer and the same handlers as Electron, on 127.0.0.1 only, for
 * development and for UI tests in Chromium. Every request must come from our own origin (Host is
 * checked against DNS rebinding) and carry the session obtained with the random token.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const token = randomBytes(32).toString('base64url');
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const hasSession = (req: http.IncomingMessage) => {
    const cookie = parseCookies(req.headers.cookie)[sessionCookie];
    return cookie !== undefined && sameSecret(cookie, token);
  };

  server.on('request', (req, res) => {
    handle(req, res).catch((error) => {
      options.unexpected.report(error, 'hôte navigateur');
      if (!res.headersSent)
        sendEnvelope(res, { code: 'INTERNAL', message: 'Erreur interne du service local.' });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    if (!allowedHosts.has(req.headers.host ?? '')) return sendText(res, 421, 'Hôte non autorisé.');
    const url = new URL(req.url ?? '/', origin);

    const offered = url.searchParams.get('token');
    if (offered !== null) {
      if (!sameSecret(offered, token))
        return sendText(res, 401, 'Jeton invalide : ouvrez l’adresse complète affichée au démarrage.');
      res.writeHead(303, {
        ...baseHeaders,
        location: '/',
        'set-cookie': `${sessionCookie}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
      return res.end();
    }
    if (!hasSession(req))
      return sendText(
        res,
        401,
        'Session absente : ouvrez l’adresse complète (avec le jeton) affichée au démarrage.',
      );

    if (url.pathname.startsWith('/api/'))
      return handleApi(req, res, decodeURIComponent(url.pathname.slice(5)));
    if (url.pathname === '/upload') {
      if (!fromOurPage(req))
        return sendEnvelope(res, { code: 'FORBIDDEN', message: 'Appel refusé : origine non autorisée.' });
      return sendEnvelope(res, await receiveUpload(req, options.uploadDir));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Méthode non autorisée.');
    const file = resolveStaticFile(options.staticRoot, url.pathname);
    if (!file) return sendText(res, 404, 'Introuvable.');
    res.writeHead(200, { ...baseHeaders, 'content-type': contentTypeFor(file), 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).pipe(res);
  }

  // A cross-site page cannot send this header without a preflight we never answer.
  const fromOurPage = (req: http.IncomingMessage) =>
    req.method === 'POST' &&
    req.headers['x-mednum-request'] === '1' &&
    (req.headers.origin === undefined || req.headers.origin === origin);

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string) {
    if (!fromOurPage(req) || !(req.headers['content-type'] ?? '').startsWith('application/json'))
      return sendEnvelope(res, { code: 'FORBIDDEN', message: 'Appel refusé : origine non autorisée.' });

    const body = await readBody(req);
    if (body === null)
      return sendEnvelope(res, { code: 'INVALID_INPUT', message: 'Requête trop volumineuse.' });
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      return sendEnvelope(res, { code: 'INVALID_INPUT', message: 'Requête illisible : JSON invalide.' });
    }
    const envelope = await options.gate(method, input);
    if (!envelope.ok) forgetRefusedUpload(method, input);
    sendEnvelope(res, envelope.ok ? envelope : envelope.error);
  }

  /**
   * An upload is the core's to release once `import.open` runs; a call refused before (bad input, no
   * staff name) would leave it until the daily sweep, so it goes now. Only a well-formed upload id names
   * a file: anything else in the refused input is not a path.
   */
  function forgetRefusedUpload(method: string, input: unknown) {
    if (method !== 'import.open' || typeof input !== 'object' || input === null) return;
    const fileId = (input as { fileId?: unknown }).fileId;
    if (isStagedFileId(fileId)) fs.rmSync(uploadPaths(options.uploadDir, fileId).complete, { force: true });
  }

  return {
    url: `${origin}/?token=${token}`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendEnvelope(res: http.ServerResponse, result: Envelope<unknown> | ErrorPayload) {
  const envelope: Envelope<unknown> = 'ok' in result ? result : { ok: false, error: result };
  const status = envelope.ok ? 200 : statusFor[envelope.error.code];
  res.writeHead(status, {
    ...baseHeaders,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(envelope));
}

function sendText(res: http.ServerResponse, status: number, message: string) {
  res.writeHead(status, { ...baseHeaders, 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}

/** The body as text, or null past the limit; an oversized body is drained so the client reads our answer. */
function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBodyBytes ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) cookies[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return cookies;
}

function sameSecret(offered: string, expected: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
