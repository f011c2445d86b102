import type { IncomingMessage, ServerResponse } from 'node:http';
import middie from '@fastify/middie';
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import type { CentralContext } from '../context.ts';
import { interactionRoutes } from './interaction-routes.ts';
import type { OidcKeys } from './oidc-keys.ts';
import { createProvider } from './oidc-provider.ts';

export interface OidcMountOptions {
  keys: OidcKeys;
  /** The issuer platforms are told (`--issuer`); absent: this server's own address + /oidc. */
  issuer?: string;
  behindProxy: boolean;
}

export interface OidcHandle {
  /** The issuer, once the server listens (the default one needs the port). */
  issuer(): string;
  provider(): Provider;
}

/**
 * oidc-provider is a Koa application: mounted at /oidc through @fastify/middie, as its documentation
 * recommends for Fastify, so it reads the request body itself. The login pages under /oidc/interaction/
 * are Fastify routes (interaction-routes.ts). The provider is built at its first request, when the
 * address the server listens on is known.
 */
export function mountOidc(app: FastifyInstance, ctx: CentralContext, options: OidcMountOptions): OidcHandle {
  let provider: Provider | undefined;
  let callback: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const issuer = () => {
    if (options.issuer) return options.issuer.replace(/\/+$/, '');
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server is not listening yet');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}/oidc`;
  };
  const handle: OidcHandle = {
    issuer,
    provider() {
      provider ??= createProvider(ctx, {
        issuer: issuer(),
        keys: options.keys,
        behindProxy: options.behindProxy,
      });
      return provider;
    },
  };
  app.register(middie);
  app.after(() => {
    app.use('/oidc', (req: IncomingMessage, res: ServerResponse, next: () => void) => {
      // middie hands the path without its /oidc prefix.
      if ((req.url ?? '').startsWith('/interaction/')) return next();
      callback ??= handle.provider().callback();
      callback(req, res);
    });
  });
  interactionRoutes(app, ctx, handle.provider, () => options.keys.pairwiseKey);
  return handle;
}
