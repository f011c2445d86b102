import { AppError } from '../../../shared/errors.ts';

/** One HTTP exchange with the central service, as plain data so a test can drop, repeat or delay it. */
export interface SyncRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Relative to the server's URL, query string included. */
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface SyncResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
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

/** The real transport: Node's fetch, with a time limit so a dead connection never stalls a sync forever. */
export function httpTransport(serverUrl: string, timeoutMs = 60_000): Transport {
  const base = serverUrl.replace(/\/+$/, '');
  return {
    async send(request) {
      try {
        const response = await fetch(`${base}${request.path}`, {
          method: request.method,
          headers: request.headers,
          body: request.body ? Buffer.from(request.body) : undefined,
          signal: AbortSignal.timeout(timeoutMs),
        });
        return {
          status: response.status,
          headers: Object.fromEntries(response.headers),
          body: new Uint8Array(await response.arrayBuffer()),
        };
      } catch (error) {
        throw offline(error);
      }
    },
  };
}
