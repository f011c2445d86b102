import { randomBytes } from 'node:crypto';
import { audit } from '../../auth/audit.ts';
import type { CentralContext } from '../../context.ts';
import { HttpError } from '../../http/errors.ts';
import { type Actor, secretSha256 } from '../platforms.ts';

/**
 * Platforms that sign patrons in by SAML 2.0: rows of access_platform (the same registry, removal and
 * activity counts as the OpenID Connect ones) with an SP entity ID and the one ACS URL answers go to.
 * Such a row is no OpenID Connect client: it has no redirect URI and a secret nobody was ever shown.
 */
export interface SamlPlatform {
  clientId: string;
  name: string;
  entityId: string;
  acsUrl: string;
  sendCategory: boolean;
  sendAgeBand: boolean;
}

export interface SamlPlatformInput {
  name: string;
  entityId: string;
  acsUrl: string;
  sendCategory: boolean;
  sendAgeBand: boolean;
}

/** An https ACS (http only on the loopback, for tests and local trials), without credentials or fragment. */
export function acsProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `L’adresse « ${url} » n’est pas une URL.`;
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback))
    return `L’adresse de retour doit être en https : « ${url} ».`;
  if (parsed.username || parsed.password || parsed.hash)
    return `L’adresse de retour ne doit contenir ni identifiants ni fragment (#) : « ${url} ».`;
  return undefined;
}

export async function addSamlPlatform(
  ctx: Pick<CentralContext, 'db' | 'now'>,
  input: SamlPlatformInput,
  by: Actor,
): Promise<SamlPlatform> {
  const name = input.name.trim();
  const entityId = input.entityId.trim();
  if (name === '' || name.length > 200)
    throw new HttpError(400, 'INVALID_PLATFORM', 'Nom de plateforme invalide.');
  if (entityId === '' || entityId.length > 1024)
    throw new HttpError(400, 'INVALID_PLATFORM', 'Identifiant d’entité SAML (entity ID) invalide.');
  const problem = acsProblem(input.acsUrl);
  if (problem) throw new HttpError(400, 'INVALID_PLATFORM', problem);
  if (await findSamlPlatformByEntity(ctx, entityId))
    throw new HttpError(
      409,
      'PLATFORM_EXISTS',
      `Une plateforme est déjà enregistrée pour l’entité SAML « ${entityId} » : retirez-la d’abord.`,
    );
  const now = ctx.now();
  const clientId = `mednum-saml-${randomBytes(12).toString('base64url')}`;
  await ctx.db
    .insertInto('access_platform')
    .values({
      client_id: clientId,
      name,
      redirect_uris: JSON.stringify([]),
      secret_sha256: secretSha256(randomBytes(32).toString('base64url')),
      send_category: input.sendCategory,
      send_age_band: input.sendAgeBand,
      created_at: now,
      created_by: by.email,
      removed_at: null,
      removed_by: null,
      saml_entity_id: entityId,
      saml_acs_url: input.acsUrl,
    })
    .execute();
  await audit(ctx.db, now, 'platform_added', {
    email: by.email,
    userId: by.userId,
    ip: by.ip,
    detail: JSON.stringify({ clientId, name, samlEntityId: entityId, samlAcsUrl: input.acsUrl }),
  });
  return { clientId, name, entityId, acsUrl: input.acsUrl, ...pickFlags(input) };
}

const pickFlags = (input: { sendCategory: boolean; sendAgeBand: boolean }) => ({
  sendCategory: input.sendCategory,
  sendAgeBand: input.sendAgeBand,
});

const columns = [
  'client_id',
  'name',
  'saml_entity_id',
  'saml_acs_url',
  'send_category',
  'send_age_band',
] as const;

type Row = {
  client_id: string;
  name: string;
  saml_entity_id: string | null;
  saml_acs_url: string | null;
  send_category: boolean;
  send_age_band: boolean;
};

const toPlatform = (row: Row): SamlPlatform => ({
  clientId: row.client_id,
  name: row.name,
  entityId: row.saml_entity_id as string,
  acsUrl: row.saml_acs_url as string,
  sendCategory: row.send_category,
  sendAgeBand: row.send_age_band,
});

/** The SAML platform registered now under this SP entity ID. */
export async function findSamlPlatformByEntity(
  ctx: Pick<CentralContext, 'db'>,
  entityId: string,
): Promise<SamlPlatform | undefined> {
  const row = await ctx.db
    .selectFrom('access_platform')
    .select(columns)
    .where('saml_entity_id', '=', entityId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return row ? toPlatform(row) : undefined;
}

export async function findSamlPlatform(
  ctx: Pick<CentralContext, 'db'>,
  clientId: string,
): Promise<SamlPlatform | undefined> {
  const row = await ctx.db
    .selectFrom('access_platform')
    .select(columns)
    .where('client_id', '=', clientId)
    .where('saml_entity_id', 'is not', null)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return row ? toPlatform(row) : undefined;
}
