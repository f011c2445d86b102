import type { Kysely } from 'kysely';
import {
  type AccessPolicy,
  accessPolicyKey,
  accessPolicySchema,
  defaultAccessPolicy,
} from '../../shared/domain/eligibility.ts';
import type { Database } from '../schema.ts';
import { readSetting } from './settings.ts';

/**
 * The access policy this PC last pulled from the central service, or the default one when it never
 * pulled any (or what is stored cannot be read: a PC keeps answering with the rule it can vouch for).
 */
export async function readAccessPolicy(
  db: Kysely<Database>,
): Promise<{ policy: AccessPolicy; fromCentral: boolean }> {
  const stored = await readSetting(db, accessPolicyKey);
  if (stored === undefined) return { policy: defaultAccessPolicy, fromCentral: false };
  try {
    const parsed = accessPolicySchema.safeParse(JSON.parse(stored));
    if (parsed.success) return { policy: parsed.data, fromCentral: true };
  } catch {
    // Not JSON: fall through to the default.
  }
  return { policy: defaultAccessPolicy, fromCentral: false };
}
