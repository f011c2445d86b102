import { Readable } from 'node:stream';
import type { ReadableStream as WebStream } from 'node:stream/web';
import { AppError } from '../../../shared/errors.ts';

/** One HTTP exchange with the central service, as plain data so a test can drop, repeat or delay it. */
export interface SyncRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to the server's URL, query string included. */
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  /** Hand a 200 answer's body over as it arrives (the snapshot), instead of reading it whole. */
  stream?: boolean;
  /** Ends the exchange early (the live channel, closed with the app). */
  signal?: AbortSignal;
  /** Whether the transport's time limit applies (not to the live channel, open for as long as the app). */
  unbounded?: boolean;
}

export interface SyncResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  /** With `stream`: the body, chunk by chunk (`body` is then empty). Leaving the loop early cancels it. */
  stream?: AsyncIterable<Uint8Array>;
}

/** How requests reach the server. Throws `SYNC_OFFLINE` when no answer came back (the server may have acted). */
export interface Transport {
  send(request: SyncRequest): Promise<SyncResponse>;
}

export const offline = (cause?: unknown) =>
  new AppError(
    'SYNC_OFFLINE',
    'Serveur central injoignable : vos modifications restent en attente et partiront à la prochaine synchronisation.',
    { cause },
  );

/**
 * The real transport: Node's fetch, with a time limit so a dead connection never stalls a sync forever
 * (long enough for a fresh PC's snapshot of a few hundred thousand rows).
 */
export function httpTransport(serverUrl: string, timeoutMs = 300_000): Transport {
  const base = serverUrl.replace(/\/+$/, '');
  return {
    async send(request) {
      try {
        const response = await fetch(`${base}${request.path}`, {
          method: request.method,
          headers: request.headers,
          body: request.body ? Buffer.from(request.body) : undefined,
          signal: AbortSignal.any([
            ...(request.unbounded ? [] : [AbortSignal.timeout(timeoutMs)]),
            ...(request.signal ? [request.signal] : []),
          ]),
        });
        const headers = Object.fromEntries(response.headers);
        if (request.stream && response.status === 200 && response.body)
          return {
            status: 200,
            headers,
            body: new Uint8Array(),
            stream: Readable.fromWeb(response.body as WebStream),
          };
        return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
      } catch (error) {
        throw offline(error);
      }
    },
  };
}
