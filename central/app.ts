import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Role } from '../shared/sync/protocol.ts';
import { pruneActivity } from './access/activity.ts';
import { pruneOidcPayloads } from './access/oidc-adapter.ts';
import { loadOidcKeys, memoryOidcKeys, type OidcKeys, oidcKeyFileBeside } from './access/oidc-keys.ts';
import { mountOidc } from './access/oidc-mount.ts';
import { accessRoutes } from './access/routes.ts';
import { type SamlKeys, samlKeyFileBeside, samlKeySource } from './access/saml/keys.ts';
import { samlRoutes } from './access/saml/routes.ts';
import { pruneAudit } from './auth/audit.ts';
import { authRoutes } from './auth/routes.ts';
import { loadSigningKeys, type SigningKeys } from './auth/signing-keys.ts';
import { addUser } from './auth/users.ts';
import { type CentralContext, type CentralLimits, defaultLimits } from './context.ts';
import { healthRoute } from './health.ts';
import { installErrorHandler } from './http/errors.ts';
import { installProtocolCheck } from './http/protocol-check.ts';
import type { TrustProxy } from './http/trust-proxy.ts';
import { type Backend, type OpenedDatabase, openDatabase } from './store/database.ts';
import { migrate } from './store/migrate.ts';
import { batchRoutes } from './sync/batch-routes.ts';
import { dropExpiredChunks } from './sync/batches.ts';
import { eventRoutes } from './sync/events.ts';
import { syncRoutes } from './sync/routes.ts';

export interface CentralOptions {
  /** PGlite data folder; ignored when `databaseUrl` is set; absent → an in-memory PGlite (tests). */
  dataDir?: string;
  /**
   * Tests: the in-memory PGlite starts from this dump of a migrated database (tests/helpers/pglite-template.ts):
   * a new one runs initdb in WebAssembly, 6–12 s of CPU on a 2-core machine, against about 1.5 s. Ignored
   * with `dataDir` or `databaseUrl`.
   */
  memoryDump?: Blob;
  /** `postgres://…`: PostgreSQL through a pg pool. */
  databaseUrl?: string;
  /** 0 (default) = a free port; `restart()` keeps the port first obtained. */
  port?: number;
  host?: string;
  /** Structured JSON logs (pino) on stdout. */
  logger?: boolean;
  /**
   * Behind a TLS reverse proxy: the proxies whose X-Forwarded-For is believed (their addresses or
   * networks), or how many stand in front (http/trust-proxy.ts). Absent: the socket's address.
   */
  trustProxy?: TrustProxy;
  /** The server's clock (tests move it to expire tokens or rate-limit windows). */
  now?: () => Date;
  /** What one client may hold of the service (defaults in context.ts; tests shorten them). */
  limits?: Partial<CentralLimits>;
  /**
   * The token-signing keys' file (0600, created on first start); default: beside the PGlite folder
   * (`<data>.keys.json`). `MEDNUM_TOKEN_KEY` in the environment takes precedence; with neither, a server
   * without a data folder keeps a random key in memory (tests).
   */
  keyFile?: string;
  /** Already loaded keys (startCentral keeps an in-memory key across restarts). */
  keys?: SigningKeys;
  /**
   * The OpenID Connect issuer the platforms are given (`--issuer`, `MEDNUM_OIDC_ISSUER`): behind TLS, the
   * public https address + /oidc. Absent: this server's own address + /oidc.
   */
  issuer?: string;
  /** Already loaded OpenID Connect keys (kept in memory across restarts when there is no key file). */
  oidcKeys?: OidcKeys;
}

/** Where the keys live when no file is named: beside the data folder, never inside the database. */
export const defaultKeyFile = (dataDir: string) => `${dataDir.replace(/[\\/]+$/, '')}.keys.json`;

export interface CentralServer {
  url: string;
  port: number;
  backend: Backend;
  addUser(email: string, role: Role, password: string, options?: { personalData?: boolean }): Promise<void>;
  /** Stops accepting, lets in-flight requests finish, closes the database, then opens it all again. */
  restart(): Promise<void>;
  /** Graceful: stops accepting, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
}

/** Builds the HTTP app over an opened, migrated database. */
export function buildApp(
  ctx: CentralContext,
  logger = false,
  trustProxy?: TrustProxy,
  oidc: { keys: OidcKeys; issuer?: string } = { keys: memoryOidcKeys() },
  saml: () => SamlKeys = samlKeySource(undefined),
): FastifyInstance {
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
    // A hop count: the `hops` addresses nearest the socket are proxies (proxy-addr's own rule for n).
    trustProxy:
      typeof trustProxy === 'number'
        ? (_address: string, hop: number) => hop < trustProxy
        : (trustProxy ?? false),
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
  const provider = mountOidc(app, ctx, { ...oidc, behindProxy: trustProxy !== undefined });
  healthRoute(app, ctx, provider);
  authRoutes(app, ctx);
  syncRoutes(app, ctx);
  eventRoutes(app, ctx);
  batchRoutes(app, ctx);
  accessRoutes(app, ctx);
  // SAML 2.0 for the platforms that need it (access/saml/): the IdP is the issuer's base + /saml.
  samlRoutes(app, ctx, {
    base: () => provider.issuer().replace(/\/oidc$/, ''),
    keys: saml,
    pairwiseKey: () => oidc.keys.pairwiseKey,
  });
  return app;
}

/**
 * What the service keeps only for a while: the auth trail (sign-ins name staff and their addresses), the
 * chunks of change sets never committed (they name patrons), and the patrons' sign-in activity (the
 * current and previous calendar years, and nothing of a patron the registry no longer holds).
 */
export async function forgetExpired(ctx: Pick<CentralContext, 'db' | 'now' | 'limits'>): Promise<void> {
  await pruneAudit(ctx.db, ctx.now(), ctx.limits.authAuditDays);
  await dropExpiredChunks(ctx);
  await pruneActivity(ctx);
  await pruneOidcPayloads(ctx);
}

export async function openContext(
  options: Pick<
    CentralOptions,
    'dataDir' | 'databaseUrl' | 'memoryDump' | 'now' | 'limits' | 'keyFile' | 'keys'
  >,
): Promise<{ ctx: CentralContext; database: OpenedDatabase }> {
  const now = options.now ?? (() => new Date());
  const keys =
    options.keys ??
    loadSigningKeys({
      keyFile:
        options.keyFile ??
        (options.dataDir && !options.databaseUrl ? defaultKeyFile(options.dataDir) : undefined),
      env: process.env,
      now: now(),
    });
  const database = await openDatabase(options);
  try {
    const migration = await migrate(database.db);
    // Fresh planner statistics (PGlite has no autovacuum): pull pages walk the version index.
    await sql`ANALYZE sync_row`.execute(database.db);
    const limits = { ...defaultLimits, ...options.limits };
    await forgetExpired({ db: database.db, now, limits });
    return {
      ctx: {
        db: database.db,
        backend: database.backend,
        now,
        keys,
        limits,
        probe: database.probe,
        migration,
      },
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
  // An in-memory key is kept across restarts (a new one would end every session); a file is read again.
  const memoryKeys = opened.ctx.keys.source.kind === 'memory' ? opened.ctx.keys : undefined;
  // The OpenID Connect keys live beside the token keys' file (access/oidc-keys.ts), in memory without one.
  const keyFile =
    options.keyFile ??
    (options.dataDir && !options.databaseUrl ? defaultKeyFile(options.dataDir) : undefined);
  const loadOidc = () => options.oidcKeys ?? loadOidcKeys(keyFile ? oidcKeyFileBeside(keyFile) : undefined);
  let oidcKeys = loadOidc();
  const memoryOidc = oidcKeys.source.kind === 'memory' ? oidcKeys : undefined;
  const oidc = () => ({ keys: oidcKeys, issuer: options.issuer });
  // The SAML signing key and certificate, beside them too (access/saml/keys.ts).
  const loadSaml = () => samlKeySource(keyFile ? samlKeyFileBeside(keyFile) : undefined);
  let samlKeys = loadSaml();
  const memorySaml = keyFile ? undefined : samlKeys;
  let app = buildApp(opened.ctx, options.logger, options.trustProxy, oidc(), samlKeys);
  await app.listen({ port, host });
  port = (app.server.address() as { port: number }).port;

  // Retention, applied each day while the service runs (and at every start).
  const pruning = setInterval(() => void forgetExpired(opened.ctx).catch(() => {}), 24 * 60 * 60_000);
  pruning.unref();

  const server: CentralServer = {
    url: `http://${host}:${port}`,
    port,
    backend: opened.ctx.backend,
    async addUser(email, role, password, options) {
      await addUser(opened.ctx, { email, role, password, ...options });
    },
    async restart() {
      await app.close();
      if (!keepDatabase) {
        await opened.database.close();
        opened = await openContext({ ...options, keys: memoryKeys });
        oidcKeys = memoryOidc ?? loadOidc();
        samlKeys = memorySaml ?? loadSaml();
      }
      app = buildApp(opened.ctx, options.logger, options.trustProxy, oidc(), samlKeys);
      await app.listen({ port, host });
    },
    async close() {
      clearInterval(pruning);
      await app.close();
      await opened.database.close();
    },
  };
  return server;
}
