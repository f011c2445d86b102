import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION, protocolHeaders, SYNC_SCHEMA_VERSION } from '../../shared/sync/protocol.ts';
import { HttpError } from './errors.ts';

export const clientTooOld = new HttpError(
  426,
  'CLIENT_TOO_OLD',
  'Cette version de mednum-admin est trop ancienne pour le serveur : mettez-la à jour. Vos modifications en attente sont conservées.',
);
const serverTooOld = new HttpError(
  400,
  'SERVER_TOO_OLD',
  'Le serveur central est plus ancien que cette version de mednum-admin : faites-le mettre à jour. Vos modifications en attente sont conservées.',
);

/** Paths a monitor or a browser may reach without speaking the protocol. */
const unversioned = new Set(['/health']);
/** The OpenID Connect and SAML providers and their login pages: browsers and resource platforms, not desktops. */
const unversionedPrefixes = ['/oidc/', '/saml/'];

/**
 * Every other request states its protocol and schema versions. Older (or absent) → 426, so the desktop
 * tells the person to update and keeps its outbox; newer → the server is the one to update.
 */
export function installProtocolCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (unversioned.has(path) || unversionedPrefixes.some((prefix) => path.startsWith(prefix))) return;
    const protocol = Number(request.headers[protocolHeaders.protocol]);
    const schema = Number(request.headers[protocolHeaders.schema]);
    if (!Number.isInteger(protocol) || !Number.isInteger(schema)) throw clientTooOld;
    if (protocol < PROTOCOL_VERSION || schema < SYNC_SCHEMA_VERSION) throw clientTooOld;
    if (protocol > PROTOCOL_VERSION || schema > SYNC_SCHEMA_VERSION) throw serverTooOld;
  });
}
