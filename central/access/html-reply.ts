import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Page } from './pages.ts';

/**
 * How the patron-facing pages (the OpenID Connect and SAML login, refusals) leave the server: never cached,
 * never framed, no referrer, their own strict CSP; and how their forms come in (urlencoded, only in the
 * scope that registers it, within `bodyLimit`).
 */
export function sendPage(reply: FastifyReply, status: number, page: Page) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', page.csp)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .send(page.html);
}

export function acceptForms(scope: FastifyInstance, bodyLimit: number): void {
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
}
