import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { syncPaths } from '../../shared/sync/protocol.ts';
import type { CentralContext } from '../context.ts';
import { authenticate } from '../http/authenticate.ts';
import { HttpError } from '../http/errors.ts';
import { currentLogVersion } from './log.ts';

/** A comment line this often keeps proxies and NAT from closing an idle stream. */
const heartbeatMs = 25_000;
/**
 * A stream is authenticated when it opens: it is ended after an access token's life, so a logout or a
 * disabled account stops hearing even these numbers within that time (the PC reconnects with a fresh token).
 */
const streamMs = 15 * 60_000;

/** The routes whose success commits rows to the log (pushes, patron change sets). */
const writingRoutes = new Set<string>([syncPaths.push, syncPaths.commit(':batchId')]);

/**
 * `GET /sync/events`: the live channel. A signed-in PC keeps this server-sent-events stream open and hears
 * `data: <version>` at once and after every commit that moves the log, so it pulls within milliseconds of
 * another PC's save instead of at its next periodic sync. The stream carries only that number (no data, no
 * names): what changed still travels by the authenticated pull. Versions are read after commit (the
 * counter row), so a PC told N finds every row up to N in its pull.
 */
export function eventRoutes(app: FastifyInstance, ctx: CentralContext): void {
  const streams = new Map<ServerResponse, string>();
  let announced = 0;
  let reading: Promise<void> | undefined;
  let again = false;

  const announce = async () => {
    do {
      again = false;
      const version = await currentLogVersion(ctx.db);
      if (version <= announced) continue;
      announced = version;
      for (const stream of streams.keys()) stream.write(`data: ${version}\n\n`);
    } while (again);
  };

  app.get(syncPaths.events, async (request, reply) => {
    const caller = await authenticate(ctx, request);
    const open = [...streams.values()].filter((id) => id === caller.id).length;
    if (open >= ctx.limits.eventStreamsPerUser)
      throw new HttpError(
        429,
        'RATE_LIMITED',
        'Trop de postes suivent le serveur avec ce compte : fermez-en un et réessayez.',
      );
    const version = await currentLogVersion(ctx.db);
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      // A buffering reverse proxy (nginx) would hold the events back: it is told not to.
      'x-accel-buffering': 'no',
    });
    stream.write(`data: ${version}\n\n`);
    streams.set(stream, caller.id);
    const heartbeat = setInterval(() => stream.write(':\n\n'), heartbeatMs);
    heartbeat.unref();
    const expiry = setTimeout(() => stream.end(), streamMs);
    expiry.unref();
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      clearTimeout(expiry);
      streams.delete(stream);
    });
  });
  // The streams never end by themselves: a graceful close ends them, or it would wait for them for ever.
  app.addHook('preClose', async () => {
    for (const stream of streams.keys()) stream.end();
    streams.clear();
  });

  // After a writing request answered (its transaction committed): every stream hears the new version.
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 300 || !writingRoutes.has(request.routeOptions.url ?? '')) return;
    if (reading) {
      again = true;
      return;
    }
    reading = announce()
      .catch((error) => request.log.error({ err: error }, 'live channel: log version unreadable'))
      .finally(() => {
        reading = undefined;
      });
  });
}
