import type { FastifyInstance } from 'fastify';
import packageJson from '../package.json' with { type: 'json' };
import { PROTOCOL_VERSION, SYNC_SCHEMA_VERSION } from '../shared/sync/protocol.ts';
import type { OidcHandle } from './access/oidc-mount.ts';
import type { CentralContext } from './context.ts';

/** For monitors and for a person checking the URL: no auth, no protocol headers, no data. */
export function healthRoute(app: FastifyInstance, ctx: CentralContext, oidc?: OidcHandle): void {
  app.get('/health', async (request, reply) => {
    try {
      await ctx.probe();
    } catch (error) {
      request.log.error({ err: error }, 'health check: database unreachable');
      return reply
        .status(503)
        .send({ code: 'DB_UNREACHABLE', message: 'Base de données du serveur central injoignable.' });
    }
    // The patrons' sign-in for the platforms (access/): built — keys loaded, configuration accepted — and
    // under which issuer the platforms know it.
    let provider: { status: 'ok'; issuer: string } | undefined;
    try {
      provider = oidc ? { status: 'ok', issuer: oidc.provider().issuer } : undefined;
    } catch (error) {
      request.log.error({ err: error }, 'health check: OpenID Connect provider unavailable');
      return reply.status(503).send({
        code: 'OIDC_UNAVAILABLE',
        message: 'Le service de connexion des lecteurs (OpenID Connect) du serveur central ne démarre pas.',
      });
    }
    return {
      status: 'ok',
      database: { reachable: true, backend: ctx.backend, migration: ctx.migration },
      oidc: provider,
      protocol: PROTOCOL_VERSION,
      schema: SYNC_SCHEMA_VERSION,
      version: packageJson.version,
    };
  });
}
