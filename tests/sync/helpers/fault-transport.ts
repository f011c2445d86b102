import {
  offline,
  type SyncRequest,
  type SyncResponse,
  type Transport,
} from '../../../electron/services/sync/transport.ts';

/**
 * What may go wrong with one request: lost before it reached the server, lost after the server committed
 * (the answer never comes back), sent twice at once (a retrying proxy), held back so that other clients'
 * requests overtake it, or the server restarting while it is in flight.
 */
export const faults = ['none', 'dropRequest', 'dropResponse', 'duplicate', 'delay', 'restart'] as const;
export type Fault = (typeof faults)[number];

export interface FaultPlan {
  /** The fault for the next request; 'none' once the plan is spent. */
  next(request: SyncRequest): Fault;
}

/** Plays the faults in order, once each, to the sync endpoints (logins stay reliable). */
export function scriptedPlan(script: readonly Fault[]): FaultPlan & { remaining(): number } {
  let index = 0;
  return {
    next: (request) => (request.path.startsWith('/sync/') ? (script[index++] ?? 'none') : 'none'),
    remaining: () => Math.max(0, script.length - index),
  };
}

/** A streamed answer nobody reads is cancelled, as a closed connection would (the server stops sending). */
async function discard(response: SyncResponse) {
  await response.stream?.[Symbol.asyncIterator]().return?.();
}

export function faultyTransport(
  inner: Transport,
  plan: FaultPlan,
  server: { restart(): Promise<void> },
  onResponse?: (request: SyncRequest, response: SyncResponse) => void,
): Transport {
  const forward = async (request: SyncRequest) => {
    const response = await inner.send(request);
    onResponse?.(request, response);
    return response;
  };
  return {
    async send(request) {
      switch (plan.next(request)) {
        case 'dropRequest':
          throw offline('requête perdue (test)');
        case 'dropResponse':
          await discard(await forward(request));
          throw offline('réponse perdue (test)');
        case 'duplicate': {
          const [first, second] = await Promise.all([forward(request), forward(request)]);
          await discard(second);
          return first;
        }
        case 'delay':
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
          return forward(request);
        case 'restart': {
          const restarting = server.restart();
          try {
            return await forward(request);
          } finally {
            await restarting;
          }
        }
        default:
          return forward(request);
      }
    },
  };
}
