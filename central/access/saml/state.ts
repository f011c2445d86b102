import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The pending SAML sign-in between the AuthnRequest and the card form, carried in the form's address
 * (no server-side session, no cookie): the platform, the request's ID and RelayState, and an expiry,
 * under an HMAC whose key is derived from the pairwise key (domain-separated). It only lets a browser
 * come back to the form: the answer still needs the patron's card and goes to the registered ACS only.
 */
export interface PendingSaml {
  clientId: string;
  requestId: string;
  relayState: string | null;
  /** Unix milliseconds. */
  expires: number;
}

export const pendingLifetimeMs = 30 * 60_000;

const stateKey = (pairwiseKey: Buffer) => createHmac('sha256', pairwiseKey).update('saml-state').digest();

export function sealState(pairwiseKey: Buffer, pending: PendingSaml): string {
  const body = Buffer.from(
    JSON.stringify([pending.clientId, pending.requestId, pending.relayState, pending.expires]),
  ).toString('base64url');
  const mac = createHmac('sha256', stateKey(pairwiseKey)).update(body).digest('base64url');
  return `${body}.${mac}`;
}

export function openState(pairwiseKey: Buffer, token: string, now: Date): PendingSaml | undefined {
  if (token.length > 4096) return undefined;
  const [body, mac, ...rest] = token.split('.');
  if (!body || !mac || rest.length > 0) return undefined;
  const expected = createHmac('sha256', stateKey(pairwiseKey)).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const [clientId, requestId, relayState, expires] = JSON.parse(
      Buffer.from(body, 'base64url').toString('utf8'),
    );
    if (typeof clientId !== 'string' || typeof requestId !== 'string' || typeof expires !== 'number')
      return undefined;
    if (relayState !== null && typeof relayState !== 'string') return undefined;
    if (expires <= now.getTime()) return undefined;
    return { clientId, requestId, relayState, expires };
  } catch {
    return undefined;
  }
}
