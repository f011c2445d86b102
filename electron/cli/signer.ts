import os from 'node:os';
import type { Api } from '../../shared/api.ts';

/** The operating-system account running the command, or undefined where the system has no name for it. */
function osAccount(): string | undefined {
  try {
    return os.userInfo().username.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Who signs a change made from the command line when `--by` is not given: `MEDNUM_BY`, else the staff name
 * stored for this PC (Réglages), else the operating-system account — so a scheduled task needs no flag.
 * Only the command line falls back on the account: the app's windows still ask for a name (ACTOR_REQUIRED).
 */
export async function defaultSigner(api: Api): Promise<string | undefined> {
  const fromEnv = process.env.MEDNUM_BY?.trim();
  if (fromEnv) return fromEnv;
  try {
    const stored = (await api.call('settings.get', {})).staffName.trim();
    if (stored) return stored;
  } catch {
    // A base that cannot give its settings (damaged, being restored): the account still signs.
  }
  return osAccount();
}
