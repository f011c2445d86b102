import type { FastifyInstance } from 'fastify';
import packageJson from '../package.json' with { type: 'json' };
import { PROTOCOL_VERSION, SYNC_SCHEMA_VERSION } from '../shared/sync/protocol.ts';
import type { CentralContext } from './context.ts';

/** For monitors and for a person checking the URL: no auth, no protocol headers, no data. */
export function healthRoute(app: FastifyInstance, ctx: CentralContext): void {
  app.get('/health', async (request, reply) => {
    try {
      await ctx.probe();
      return {
        status: 'ok',
        database: { reachable: true, backend: ctx.backend, migration: ctx.migration },
        protocol: PROTOCOL_VERSION,
        schema: SYNC_SCHEMA_VERSION,
        version: packageJson.version,
      };
    } catch (error) {
      request.log.error({ err: error }, 'health check: database unreachable');
      return reply
        .status(503)
        .send({ code: 'DB_UNREACHABLE', message: 'Base de données du serveur central injoignable.' });
    }
  });
}
