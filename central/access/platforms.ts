import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Platform, PlatformInput, RegisteredPlatform } from '../../shared/sync/access.ts';
import { audit } from '../auth/audit.ts';
import type { CentralContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import type { AccessPlatformTable } from '../store/schema.ts';

/**
 * The resource platforms the Département lets sign patrons in, each an OpenID Connect client. The secret
 * is drawn here, shown once, and kept as its SHA-256 only.
 */
export interface StoredPlatform extends Platform {
  secretSha256: string;
}

export const secretSha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Constant-time: a platform's secret as presented, against the hash kept. */
export function secretMatches(presented: string, sha256: string): boolean {
  const a = Buffer.from(secretSha256(presented), 'hex');
  const b = Buffer.from(sha256, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

type Row = Pick<
  AccessPlatformTable,
  'client_id' | 'name' | 'redirect_uris' | 'secret_sha256' | 'created_at' | 'created_by'
> & {
  send_category: boolean;
  send_age_band: boolean;
  saml_entity_id: string | null;
  saml_acs_url: string | null;
};

const toPlatform = (row: Row): StoredPlatform => ({
  clientId: row.client_id,
  name: row.name,
  redirectUris: row.redirect_uris as string[],
  sendCategory: row.send_category,
  sendAgeBand: row.send_age_band,
  createdAt: new Date(row.created_at).toISOString(),
  createdBy: row.created_by,
  saml:
    row.saml_entity_id !== null && row.saml_acs_url !== null
      ? { entityId: row.saml_entity_id, acsUrl: row.saml_acs_url }
      : null,
  secretSha256: row.secret_sha256,
});

const withoutSecret = ({ secretSha256: _, ...platform }: StoredPlatform): Platform => platform;

const columns = [
  'client_id',
  'name',
  'redirect_uris',
  'secret_sha256',
  'send_category',
  'send_age_band',
  'created_at',
  'created_by',
  'saml_entity_id',
  'saml_acs_url',
] as const;

export interface Actor {
  userId: string | null;
  email: string;
  ip: string | null;
}

export async function addPlatform(
  ctx: Pick<CentralContext, 'db' | 'now'>,
  input: PlatformInput,
  by: Actor,
): Promise<RegisteredPlatform> {
  const now = ctx.now();
  // Opaque and unguessable; a readable prefix tells an operator what it is in a platform's settings.
  const clientId = `mednum-${randomBytes(12).toString('base64url')}`;
  const clientSecret = randomBytes(32).toString('base64url');
  const redirectUris = [...new Set(input.redirectUris)];
  const row = await ctx.db
    .insertInto('access_platform')
    .values({
      client_id: clientId,
      name: input.name,
      redirect_uris: JSON.stringify(redirectUris),
      secret_sha256: secretSha256(clientSecret),
      send_category: input.sendCategory,
      send_age_band: input.sendAgeBand,
      created_at: now,
      created_by: by.email,
      removed_at: null,
      removed_by: null,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  await audit(ctx.db, now, 'platform_added', {
    email: by.email,
    userId: by.userId,
    ip: by.ip,
    detail: JSON.stringify({ clientId, name: input.name, redirectUris }),
  });
  return { ...withoutSecret(toPlatform(row)), clientSecret };
}

/** The platforms that may sign patrons in now (removed ones are kept only to name past activity). */
export async function listPlatforms(ctx: Pick<CentralContext, 'db'>): Promise<Platform[]> {
  const rows = await ctx.db
    .selectFrom('access_platform')
    .select(columns)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('client_id')
    .execute();
  return rows.map((row) => withoutSecret(toPlatform(row)));
}

/** A platform that may sign patrons in, with its secret's hash (for the OpenID Connect provider). */
export async function findPlatform(
  ctx: Pick<CentralContext, 'db'>,
  clientId: string,
): Promise<StoredPlatform | undefined> {
  const row = await ctx.db
    .selectFrom('access_platform')
    .select(columns)
    .where('client_id', '=', clientId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return row ? toPlatform(row) : undefined;
}

export const platformNotFound = (clientId: string) =>
  new HttpError(
    404,
    'PLATFORM_NOT_FOUND',
    `Aucune plateforme enregistrée sous l’identifiant « ${clientId} ».`,
  );

/**
 * The platform can no longer sign anyone in; what it issued already stops working too (the provider
 * finds no client for those tokens). Its name stays for the activity of past months.
 */
export async function removePlatform(
  ctx: Pick<CentralContext, 'db' | 'now'>,
  clientId: string,
  by: Actor,
): Promise<void> {
  const now = ctx.now();
  const removed = await ctx.db
    .updateTable('access_platform')
    .set({ removed_at: now, removed_by: by.email })
    .where('client_id', '=', clientId)
    .where('removed_at', 'is', null)
    .returning('name')
    .executeTakeFirst();
  if (!removed) throw platformNotFound(clientId);
  // Its tokens, codes and grants go at once rather than at their expiry.
  await ctx.db.deleteFrom('oidc_payload').where(sql<boolean>`payload->>'clientId' = ${clientId}`).execute();
  await audit(ctx.db, now, 'platform_removed', {
    email: by.email,
    userId: by.userId,
    ip: by.ip,
    detail: JSON.stringify({ clientId, name: removed.name }),
  });
}
