import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Role } from '../shared/sync/protocol.ts';
import { authRoutes } from './auth/routes.ts';
import { loadAccessKey } from './auth/tokens.ts';
import { addUser } from './auth/users.ts';
import type { CentralContext } from './context.ts';
import { healthRoute } from './health.ts';
import { installErrorHandler } from './http/errors.ts';
import { installProtocolCheck } from './http/protocol-check.ts';
import { type Backend, type OpenedDatabase, openDatabase } from './store/database.ts';
import { migrate } from './store/migrate.ts';
import { batchRoutes } from './sync/batch-routes.ts';
import { syncRoutes } from './sync/routes.ts';

export interface CentralOptions {
  /** PGlite data folder; ignored when `databaseUrl` is set; absent → an in-memory PGlite (tests). */
  dataDir?: string;
  /** `postgres://…`: PostgreSQL through a pg pool. */
  databaseUrl?: string;
  /** 0 (default) = a free port; `restart()` keeps the port first obtained. */
  port?: number;
  host?: string;
  /** Structured JSON logs (pino) on stdout. */
  logger?: boolean;
  /** Behind a TLS reverse proxy: take the client IP (rate limit, audit) from X-Forwarded-For. */
  trustProxy?: boolean;
  /** The server's clock (tests move it to expire tokens or rate-limit windows). */
  now?: () => Date;
}

export interface CentralServer {
  url: string;
  port: number;
  backend: Backend;
  addUser(email: string, role: Role, password: string): Promise<void>;
  /** Stops accepting, lets in-flight requests finish, closes the database, then opens it all again. */
  restart(): Promise<void>;
  /** Graceful: stops accepting, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
}

/** Builds the HTTP app over an opened, migrated database. */
export function buildApp(ctx: CentralContext, logger = false, trustProxy = false): FastifyInstance {
  const app = Fastify({
    logger: logger
      ? {
          level: 'info',
          // Method, path and status only: no headers (tokens), no IPs, no bodies (e-mails, patrons).
          serializers: {
            req: (req: { method: string; url: string }) => ({
              method: req.method,
              url: req.url.split('?')[0],
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        }
      : false,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    trustProxy,
  });
  installErrorHandler(app);
  installProtocolCheck(app);
  // Graceful close: Node closes idle keep-alive sockets at once, but a socket busy with a request at that
  // moment would then idle until its keep-alive timeout. Answering it with `Connection: close` ends it.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  healthRoute(app, ctx);
  authRoutes(app, ctx);
  syncRoutes(app, ctx);
  batchRoutes(app, ctx);
  return app;
}

export async function openContext(
  options: Pick<CentralOptions, 'dataDir' | 'databaseUrl' | 'now'>,
): Promise<{ ctx: CentralContext; database: OpenedDatabase }> {
  const database = await openDatabase(options);
  try {
    await migrate(database.db);
    // Fresh planner statistics (PGlite has no autovacuum): pull pages walk the version index.
    await sql`ANALYZE sync_row`.execute(database.db);
    const accessKey = await loadAccessKey(database.db);
    return {
      ctx: { db: database.db, backend: database.backend, now: options.now ?? (() => new Date()), accessKey },
      database,
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export async function startCentral(options: CentralOptions = {}): Promise<CentralServer> {
  const host = options.host ?? '127.0.0.1';
  let port = options.port ?? 0;
  // An in-memory PGlite cannot be reopened: a restart keeps that database and renews only the server.
  const keepDatabase = !options.databaseUrl && !options.dataDir;
  let opened = await openContext(options);
  let app = buildApp(opened.ctx, options.logger, options.trustProxy);
  await app.listen({ port, host });
  port = (app.server.address() as { port: number }).port;

  const server: CentralServer = {
    url: `http://${host}:${port}`,
    port,
    backend: opened.ctx.backend,
    async addUser(email, role, password) {
      await addUser(opened.ctx, { email, role, password });
    },
    async restart() {
      await app.close();
      if (!keepDatabase) {
        await opened.database.close();
        opened = await openContext(options);
      }
      app = buildApp(opened.ctx, options.logger, options.trustProxy);
      await app.listen({ port, host });
    },
    async close() {
      await app.close();
      await opened.database.close();
    },
  };
  return server;
}
