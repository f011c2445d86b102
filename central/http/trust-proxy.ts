import { isIP } from 'node:net';

/**
 * Which reverse proxies the service believes about the client's address (X-Forwarded-For): their
 * addresses or networks (« 127.0.0.1 », « 10.0.0.0/8,::1 »), or how many proxies stand in front (« 1 »).
 * Never « any »: a client could then write any address into the audit trail and escape the throttle.
 */
export type TrustProxy = string[] | number;

export class TrustProxyError extends Error {}

/** Said for a bare `--trust-proxy`, `--trust-proxy true` or `*`: the « trust anyone » that used to be allowed. */
export const trustProxyNeedsValue =
  '--trust-proxy attend l’adresse du proxy (127.0.0.1, 10.0.0.0/8, plusieurs séparées par des virgules) ou le nombre de proxys devant le service (1). Croire tout X-Forwarded-For laisserait n’importe quel client choisir l’adresse inscrite au journal et échapper au ralentissement des connexions.';

export function parseTrustProxy(value: string): TrustProxy {
  const text = value.trim();
  if (/^(|true|\*)$/i.test(text)) throw new TrustProxyError(trustProxyNeedsValue);
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 10)
      throw new TrustProxyError('--trust-proxy : de 1 à 10 proxys devant le service.');
    return hops;
  }
  const entries = text.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const maxBits = family === 4 ? 32 : 128;
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits);
    if (!family || !bitsOk || extra !== undefined)
      throw new TrustProxyError(
        `--trust-proxy : « ${entry} » n’est ni une adresse IP ni un réseau (exemples : 127.0.0.1, 10.0.0.0/8, ou 1 pour un proxy devant le service).`,
      );
  }
  return entries;
}
