import { type AccessPolicy, defaultAccessPolicy } from '../../shared/domain/eligibility.ts';
import { audit } from '../auth/audit.ts';
import type { CentralContext } from '../context.ts';

/** The Département's access policy; the default one until an administrator sets it. */
export async function readPolicy(ctx: Pick<CentralContext, 'db'>): Promise<AccessPolicy> {
  const row = await ctx.db
    .selectFrom('access_policy')
    .select(['grace_days', 'opened_epcis'])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (!row) return { ...defaultAccessPolicy, openedEpcis: [...defaultAccessPolicy.openedEpcis] };
  return { graceDays: row.grace_days, openedEpcis: row.opened_epcis as string[] };
}

/** Replaces the policy (already checked by accessPolicySchema), audited with who and what. */
export async function writePolicy(
  ctx: Pick<CentralContext, 'db' | 'now'>,
  policy: AccessPolicy,
  by: { userId: string | null; email: string; ip: string | null },
): Promise<AccessPolicy> {
  const now = ctx.now();
  const openedEpcis = [...new Set(policy.openedEpcis)].sort();
  await ctx.db
    .insertInto('access_policy')
    .values({
      id: 1,
      grace_days: policy.graceDays,
      opened_epcis: JSON.stringify(openedEpcis),
      updated_at: now,
      updated_by: by.email,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        grace_days: eb.ref('excluded.grace_days'),
        opened_epcis: eb.ref('excluded.opened_epcis'),
        updated_at: eb.ref('excluded.updated_at'),
        updated_by: eb.ref('excluded.updated_by'),
      })),
    )
    .execute();
  await audit(ctx.db, now, 'access_policy_set', {
    email: by.email,
    userId: by.userId,
    ip: by.ip,
    detail: JSON.stringify({ graceDays: policy.graceDays, openedEpcis }),
  });
  return { graceDays: policy.graceDays, openedEpcis };
}
