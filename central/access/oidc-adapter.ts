import { sql } from 'kysely';
import type { CentralContext } from '../context.ts';
import { findPlatform } from './platforms.ts';

/**
 * oidc-provider's storage on the central database (PGlite or PostgreSQL): one table, `oidc_payload`,
 * keyed by (model, id). Clients are not stored there: they are the registered platforms (platforms.ts),
 * read afresh so a removed platform stops at once.
 */
type Payload = Record<string, unknown> & {
  grantId?: string;
  uid?: string;
  userCode?: string;
  consumed?: number;
};

/** Client metadata for a platform: confidential, authorization code only, pairwise subjects, ES256. */
export async function clientMetadata(ctx: Pick<CentralContext, 'db'>, clientId: string) {
  const platform = await findPlatform(ctx, clientId);
  if (!platform) return undefined;
  return {
    client_id: platform.clientId,
    client_name: platform.name,
    // The hash stands where oidc-provider keeps a secret: compareClientSecret is replaced to hash what a
    // platform presents (oidc-provider.ts), and no HMAC algorithm is enabled that would use it as a key.
    client_secret: platform.secretSha256,
    redirect_uris: platform.redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    subject_type: 'pairwise',
    id_token_signed_response_alg: 'ES256',
  };
}

export function adapterFor(ctx: Pick<CentralContext, 'db'>) {
  return class CentralAdapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const expiresAt = typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : null;
      await ctx.db
        .insertInto('oidc_payload')
        .values({
          kind: this.model,
          id,
          payload: JSON.stringify(payload),
          grant_id: payload.grantId ?? null,
          uid: payload.uid ?? null,
          user_code: payload.userCode ?? null,
          expires_at: expiresAt,
          consumed_at: null,
        })
        .onConflict((oc) =>
          oc.columns(['kind', 'id']).doUpdateSet((eb) => ({
            payload: eb.ref('excluded.payload'),
            grant_id: eb.ref('excluded.grant_id'),
            uid: eb.ref('excluded.uid'),
            user_code: eb.ref('excluded.user_code'),
            expires_at: eb.ref('excluded.expires_at'),
          })),
        )
        .execute();
    }

    async find(id: string): Promise<Payload | undefined> {
      if (this.model === 'Client') return clientMetadata(ctx, id);
      return this.one(sql`id = ${id}`);
    }

    async findByUid(uid: string): Promise<Payload | undefined> {
      return this.one(sql`uid = ${uid}`);
    }

    async findByUserCode(userCode: string): Promise<Payload | undefined> {
      return this.one(sql`user_code = ${userCode}`);
    }

    async consume(id: string): Promise<void> {
      await ctx.db
        .updateTable('oidc_payload')
        .set({ consumed_at: new Date() })
        .where('kind', '=', this.model)
        .where('id', '=', id)
        .execute();
    }

    async destroy(id: string): Promise<void> {
      await ctx.db.deleteFrom('oidc_payload').where('kind', '=', this.model).where('id', '=', id).execute();
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await ctx.db.deleteFrom('oidc_payload').where('grant_id', '=', grantId).execute();
    }

    private async one(condition: ReturnType<typeof sql>): Promise<Payload | undefined> {
      const { rows } = await sql<{ payload: Payload; consumed_at: Date | string | null }>`
        SELECT payload, consumed_at FROM oidc_payload
        WHERE kind = ${this.model} AND ${condition} AND (expires_at IS NULL OR expires_at > now())
        LIMIT 1`.execute(ctx.db);
      const row = rows[0];
      if (!row) return undefined;
      return row.consumed_at === null
        ? row.payload
        : { ...row.payload, consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) };
    }
  };
}

/** Expired sessions, codes and tokens (run with the daily retention). */
export async function pruneOidcPayloads(ctx: Pick<CentralContext, 'db'>): Promise<void> {
  await ctx.db.deleteFrom('oidc_payload').where('expires_at', '<', new Date()).execute();
}
