import { pipeline, Readable } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';
import type { z } from 'zod';
import type { AccessPolicy } from '../../../shared/domain/eligibility.ts';
import { AppError } from '../../../shared/errors.ts';
import {
  accessPaths,
  accessPolicySchema,
  activitySchema,
  type PlatformInput,
  platformListSchema,
  registeredPlatformSchema,
} from '../../../shared/sync/access.ts';
import {
  type BatchCommit,
  PROTOCOL_VERSION,
  type PushRequest,
  protocolHeaders,
  pullResponseSchema,
  pushResponseSchema,
  SYNC_SCHEMA_VERSION,
  sessionSchema,
  syncErrorSchema,
  syncPaths,
} from '../../../shared/sync/protocol.ts';
import { offline, type SyncRequest, type SyncResponse, type Transport } from './transport.ts';

/** The server asked the client to resend from `expected` (its outbox and the server's log disagree). */
export class SyncGapError extends AppError {
  constructor(readonly expected: number) {
    super('SYNC_GAP', 'Le serveur central attend d’autres modifications : renvoi en cours.');
  }
}

/**
 * The server holds other mutations under this PC's sequence numbers: this database is an older copy (a
 * restored backup) of a PC that synced since. It must go on under a new client id.
 */
export class SyncLogMismatchError extends AppError {
  constructor() {
    super(
      'SYNC_GAP',
      'Le serveur central connaît d’autres modifications sous ces numéros : renvoi en cours.',
    );
  }
}

/**
 * The server refused what a request carries (a mutation it cannot read, a set naming a library it does
 * not hold, a value its database does not admit): not a network failure, so never retried as one. The
 * change is filed among the refused ones with the server's code and reason, and the PC's later changes go on.
 */
export class SyncRefusedError extends AppError {
  constructor(
    readonly serverCode: string,
    readonly reason: string,
  ) {
    super('SYNC_REFUSED', `Le serveur central a refusé la demande : ${reason}`);
  }
}

/** The server's codes for data it refuses (PROTOCOL.md); others (SERVER_TOO_OLD…) are not about the data. */
const refusedData = new Set([
  'INVALID_INPUT',
  'TOO_LARGE',
  'UNKNOWN_REFERENCE',
  'DATA_REFUSED',
  'CHUNK_HASH_MISMATCH',
]);

/** Supplies the current access token; `renew` asks for a fresh one after a 401. */
export interface Credentials {
  accessToken(): Promise<string>;
  renew(): Promise<void>;
}

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/**
 * The central service's endpoints as typed calls: protocol headers on every request, answers checked with
 * the shared protocol schemas, and every failure turned into a French AppError — transient ones (network,
 * 5xx) as SYNC_OFFLINE, which the engine retries; the rest stop the sync with the server's own message.
 */
export function centralApi(transport: Transport, credentials?: Credentials) {
  async function call(request: Omit<SyncRequest, 'headers'> & { headers?: Record<string, string> }) {
    const headers: Record<string, string> = {
      [protocolHeaders.protocol]: String(PROTOCOL_VERSION),
      [protocolHeaders.schema]: String(SYNC_SCHEMA_VERSION),
      accept: 'application/json',
      ...(request.body && !request.headers?.['content-type'] ? { 'content-type': 'application/json' } : {}),
      ...request.headers,
    };
    return transport.send({ ...request, headers });
  }

  async function authorized(request: Omit<SyncRequest, 'headers'> & { headers?: Record<string, string> }) {
    if (!credentials) throw new AppError('AUTH_REQUIRED', notLoggedIn);
    const attempt = async () =>
      call({
        ...request,
        headers: { ...request.headers, authorization: `Bearer ${await credentials.accessToken()}` },
      });
    let response = await attempt();
    if (response.status === 401) {
      // The access token expired early (or the clocks disagree): one refresh, one retry.
      await credentials.renew();
      response = await attempt();
    }
    return response;
  }

  return {
    async login(email: string, password: string) {
      const response = await call({ method: 'POST', path: syncPaths.login, body: json({ email, password }) });
      return {
        session: parse(sessionSchema, expectOk(response, 'AUTH_FAILED')),
        serverDate: response.headers.date,
      };
    },
    async refresh(refreshToken: string) {
      const response = await call({ method: 'POST', path: syncPaths.refresh, body: json({ refreshToken }) });
      return {
        session: parse(sessionSchema, expectOk(response, 'AUTH_REQUIRED')),
        serverDate: response.headers.date,
      };
    },
    async logout(refreshToken: string) {
      expectOk(await call({ method: 'POST', path: syncPaths.logout, body: json({ refreshToken }) }));
    },
    async push(request: PushRequest) {
      return parse(
        pushResponseSchema,
        expectOk(await authorized({ method: 'POST', path: syncPaths.push, body: json(request) })),
      );
    },
    async pull(cursor: number, limit: number) {
      const path = `${syncPaths.pull}?cursor=${cursor}&limit=${limit}`;
      return parse(pullResponseSchema, expectOk(await authorized({ method: 'GET', path })));
    },
    /**
     * The snapshot's NDJSON lines, uncompressed as they arrive: in the compact format 2, or in format 1
     * from a server that predates it (its header says which).
     */
    async snapshot(): Promise<AsyncIterable<string>> {
      const response = await authorized({
        method: 'GET',
        path: `${syncPaths.snapshot}?format=2`,
        headers: { accept: 'application/gzip' },
        stream: true,
      });
      if (!response.stream) expectOk(response);
      return ndjsonLines(response.stream ?? [response.body]);
    },
    /**
     * The live channel's versions (server-sent events, `data: <version>`), as they come, until the server
     * or `signal` ends the stream.
     */
    async *events(signal: AbortSignal): AsyncGenerator<number> {
      const response = await authorized({
        method: 'GET',
        path: syncPaths.events,
        headers: { accept: 'text/event-stream' },
        stream: true,
        unbounded: true,
        signal,
      });
      if (!response.stream) expectOk(response);
      let rest = '';
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.stream ?? []) {
          const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) {
            const version = line.startsWith('data:') ? Number(line.slice(5)) : Number.NaN;
            if (Number.isInteger(version)) yield version;
          }
        }
      } catch (error) {
        if (signal.aborted) return;
        throw offline(error);
      }
    },
    async putChunk(batchId: string, sha256: string, content: Uint8Array) {
      expectOk(
        await authorized({
          method: 'PUT',
          path: syncPaths.chunk(batchId, sha256),
          headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
          body: gzipSync(content),
        }),
      );
    },
    async commitBatch(batchId: string, commit: BatchCommit) {
      expectOk(await authorized({ method: 'POST', path: syncPaths.commit(batchId), body: json(commit) }));
    },

    // Patron access (shared/sync/access.ts): the policy, the platforms (admin), the active patrons.
    async accessPolicy() {
      return parse(
        accessPolicySchema,
        expectOk(await authorized({ method: 'GET', path: accessPaths.policy })),
      );
    },
    async putAccessPolicy(policy: AccessPolicy) {
      return parse(
        accessPolicySchema,
        expectOk(await authorized({ method: 'PUT', path: accessPaths.policy, body: json(policy) })),
      );
    },
    async platforms() {
      return parse(
        platformListSchema,
        expectOk(await authorized({ method: 'GET', path: accessPaths.platforms })),
      ).platforms;
    },
    async registerPlatform(input: PlatformInput) {
      return parse(
        registeredPlatformSchema,
        expectOk(await authorized({ method: 'POST', path: accessPaths.platforms, body: json(input) })),
      );
    },
    async removePlatform(clientId: string) {
      expectOk(await authorized({ method: 'DELETE', path: accessPaths.platform(clientId) }));
    },
    async activity(year: number) {
      const path = `${accessPaths.activity}?year=${year}`;
      return parse(activitySchema, expectOk(await authorized({ method: 'GET', path })));
    },
  };
}

export type CentralApi = ReturnType<typeof centralApi>;

const notLoggedIn = 'Connectez-vous au serveur central (Réglages, ou « mednum login ») pour synchroniser.';

/** The decoded body of a 2xx answer; anything else becomes the AppError the status calls for. */
function expectOk(
  response: SyncResponse,
  unauthorized: 'AUTH_FAILED' | 'AUTH_REQUIRED' = 'AUTH_REQUIRED',
): unknown {
  const body = decode(response.body);
  if (response.status >= 200 && response.status < 300) return body;
  const error = syncErrorSchema.safeParse(body);
  const message = error.success ? error.data.message : undefined;
  if (response.status >= 500 || !error.success) throw offline(`HTTP ${response.status}`);
  switch (response.status) {
    case 401:
      throw new AppError(
        unauthorized,
        unauthorized === 'AUTH_FAILED' ? (message ?? 'Identifiants refusés.') : notLoggedIn,
      );
    case 403:
      throw new AppError('FORBIDDEN', message ?? 'Votre compte n’a pas le droit de faire cette opération.');
    case 426:
      throw new AppError(
        'CLIENT_TOO_OLD',
        message ??
          'Cette version de mednum-admin est trop ancienne : mettez-la à jour. Vos modifications en attente sont conservées.',
      );
    case 429:
      throw new AppError('RATE_LIMITED', message ?? 'Trop de tentatives : patientez quelques minutes.');
    default:
      if (error.data.code === 'SYNC_GAP' && error.data.expected !== undefined)
        throw new SyncGapError(error.data.expected);
      // A hole, or another mutation under the same number: this PC goes on under a new client id.
      if (error.data.code === 'SYNC_SEQ_UNKNOWN' || error.data.code === 'SYNC_SEQ_REUSED')
        throw new SyncLogMismatchError();
      if (refusedData.has(error.data.code)) throw new SyncRefusedError(error.data.code, error.data.message);
      throw new AppError('SYNC_REFUSED', `Le serveur central a refusé la demande : ${error.data.message}`);
  }
}

/** Lines of an NDJSON body, gunzipped on the way when it is gzip (whether or not a proxy already was). */
async function* ndjsonLines(chunks: AsyncIterable<Uint8Array> | Uint8Array[]): AsyncGenerator<string> {
  const iterator = (async function* () {
    yield* chunks;
  })();
  const first = await iterator.next();
  const head = first.done ? new Uint8Array() : first.value;
  // Re-joins the peeked chunk; leaving early (a failed apply) cancels the download.
  const bytes = Readable.from(
    (async function* () {
      try {
        yield head;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      } finally {
        await iterator.return(undefined);
      }
    })(),
  );
  // pipeline, not pipe: a connection lost mid-body must fail the reading below, not leave it waiting.
  const text = head[0] === 0x1f && head[1] === 0x8b ? pipeline(bytes, createGunzip(), () => {}) : bytes;
  text.setEncoding('utf8');
  let rest = '';
  try {
    for await (const piece of text as AsyncIterable<string>) {
      const lines = (rest + piece).split('\n');
      rest = lines.pop() ?? '';
      yield* lines;
    }
  } catch (error) {
    // The body stopped coming (connection cut, server stopped): a network failure, retried as such.
    if (error instanceof AppError) throw error;
    throw offline('connexion coupée pendant le téléchargement de l’instantané');
  }
  if (rest) yield rest;
}

function decode(body: Uint8Array): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A 2xx answer that does not match the protocol: a server of another version, or a proxy page. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw offline('réponse hors protocole');
  return result.data;
}
