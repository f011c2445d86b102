import type { Kysely } from 'kysely';
import { type AccessPolicy, accessPolicyKey } from '../../shared/domain/eligibility.ts';
import type { Database } from '../schema.ts';
import { readSetting, writeSetting } from './settings.ts';

/** When this PC last received the policy from the central service (ISO instant), beside the policy itself. */
const fetchedAtKey = 'access_policy_fetched_at';

/**
 * Keeps the policy the central service answered, under the key the eligibility reader looks at
 * (db/queries/access-policy.ts `readAccessPolicy`): the policy alone, as JSON, so that reader's strict
 * schema takes it; the time it came goes under a key of its own.
 */
export async function cacheAccessPolicy(
  db: Kysely<Database>,
  policy: AccessPolicy,
  fetchedAt: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await writeSetting(trx, accessPolicyKey, JSON.stringify(policy));
    await writeSetting(trx, fetchedAtKey, fetchedAt);
  });
}

export async function accessPolicyFetchedAt(db: Kysely<Database>): Promise<string | null> {
  return (await readSetting(db, fetchedAtKey)) ?? null;
}
