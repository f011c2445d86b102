import {
  activityFetchedAt,
  libraryActivity,
  readActivity,
  replaceActivity,
} from '../../db/queries/access-activity.ts';
import { accessPolicyFetchedAt, cacheAccessPolicy } from '../../db/queries/access-cache.ts';
import { readAccessPolicy } from '../../db/queries/access-policy.ts';
import { readSyncState } from '../../db/queries/sync-state.ts';
import type { AccessPolicyView, ActivityView } from '../../shared/contract/access.ts';
import type { Handlers } from '../../shared/contract.ts';
import { fractionToDecimalString } from '../../shared/domain/contributions/index.ts';
import type { AccessPolicy } from '../../shared/domain/eligibility.ts';
import { AppError } from '../../shared/errors.ts';
import type { AppContext } from './context.ts';
import { currentMillesime } from './reference.ts';
import type { CentralApi } from './sync/central-api.ts';
import { syncEngineOf } from './sync/shared-engine.ts';

type AccessHandlers = Pick<
  Handlers,
  | 'access.policy.get'
  | 'access.policy.update'
  | 'access.platform.list'
  | 'access.platform.register'
  | 'access.platform.remove'
  | 'access.activity.refresh'
  | 'access.activity.get'
>;

const adminOnly =
  'Seul un compte administrateur du serveur central peut gérer l’accès des lecteurs (règles d’accès, plateformes). Connectez-vous avec un compte administrateur dans Réglages › Serveur central.';

/**
 * How long pulled counts of active patrons serve before a sync asks for them again. Each ask costs the
 * central service four counts of distinct patrons over a year of sign-ins, for this year and the last:
 * asked at every sync — every three minutes on every PC — they were most of its reads, and two requests in
 * three of the sync property test. Monthly figures for indicators and the financing workbook need no
 * fresher; « Actualiser » (`access.activity.refresh`) asks at once.
 */
export const activityServesMs = 15 * 60_000;

/**
 * The access policy, the platforms and the active patrons, held by the central service. Every change goes
 * to the central service (admin accounts only; it keeps the audit); this PC keeps a copy of the policy,
 * which its eligibility rule applies (db/queries/access-policy.ts), and of the counts, which its indicators
 * and the financing workbook use. The policy's copy is refreshed after every successful sync pull, the
 * counts' when older than `activityServesMs`.
 */
export function accessHandlers(
  context: Pick<AppContext, 'database' | 'departement' | 'now' | 'sync' | 'work'>,
): AccessHandlers {
  const { db } = context.database;
  const engine = syncEngineOf(context);

  async function keepPolicy(policy: AccessPolicy) {
    await cacheAccessPolicy(db, policy, context.now().toISOString());
  }

  async function pullActivity(api: CentralApi, year: number) {
    const activity = await api.activity(year);
    await replaceActivity(db, activity, context.now().toISOString());
  }

  /** Never pulled, pulled `activityServesMs` ago or more, or stamped later than now (a clock set back). */
  async function isStale(year: number): Promise<boolean> {
    const fetchedAt = await activityFetchedAt(db, year);
    if (fetchedAt === undefined) return true;
    const age = context.now().getTime() - Date.parse(fetchedAt);
    return !(age >= 0 && age < activityServesMs);
  }

  // The policy the eligibility rule applies (one cheap GET), then this year's and last year's counts.
  engine.onPulled(async (api) => {
    await keepPolicy(await api.accessPolicy());
    const year = context.now().getFullYear();
    for (const wanted of [year, year - 1]) if (await isStale(wanted)) await pullActivity(api, wanted);
  });

  /** One call to the central service, its refusals said in the words of this subject. */
  async function central<T>(call: (api: CentralApi) => Promise<T>, changing: boolean): Promise<T> {
    try {
      return await engine.central(call);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'FORBIDDEN') throw new AppError('FORBIDDEN', adminOnly, { cause: error });
      if (error.code === 'SYNC_OFFLINE')
        throw new AppError(
          'SYNC_OFFLINE',
          changing
            ? 'Serveur central injoignable : rien n’a été changé. Réessayez une fois la connexion revenue.'
            : 'Serveur central injoignable : réessayez une fois la connexion revenue.',
          { cause: error },
        );
      throw error;
    }
  }

  async function policyView(refreshError: AccessPolicyView['refreshError']): Promise<AccessPolicyView> {
    const [{ policy, fromCentral }, fetchedAt, state] = await Promise.all([
      readAccessPolicy(db),
      accessPolicyFetchedAt(db),
      readSyncState(db),
    ]);
    const server = state?.server_url?.replace(/\/+$/, '');
    return {
      policy,
      fromCentral,
      fetchedAt: fromCentral ? fetchedAt : null,
      refreshError,
      connection: server
        ? { issuerUrl: `${server}/oidc`, discoveryUrl: `${server}/oidc/.well-known/openid-configuration` }
        : null,
    };
  }

  async function activityView(year: number): Promise<ActivityView> {
    const millesime = await currentMillesime(db, context.departement);
    const [pulled, libraries] = await Promise.all([
      readActivity(db, year),
      libraryActivity(db, year, millesime),
    ]);
    const known = new Set(libraries.map((l) => l.id));
    return {
      year,
      fetchedAt: pulled?.fetchedAt ?? null,
      active: pulled?.active ?? null,
      libraries: libraries
        .filter((l) => l.participating === 1 || l.active > 0)
        .map((l) => {
          const registered = l.registered ?? 0;
          return {
            libraryId: l.id,
            name: l.name,
            epci: l.epci_siren,
            epciName: l.epci_name,
            active: l.active,
            registered,
            activeShare:
              registered > 0
                ? fractionToDecimalString({ numerator: l.active * 100, denominator: registered }, 1)
                : null,
          };
        }),
      unknownLibraries: (pulled?.libraries ?? [])
        .filter((l) => !known.has(l.libraryId))
        .reduce((sum, l) => sum + l.active, 0),
      platforms: pulled?.platforms ?? [],
      months: pulled?.months ?? [],
    };
  }

  return {
    async 'access.policy.get'({ refresh }) {
      if (!refresh) return policyView(null);
      try {
        await keepPolicy(await central((api) => api.accessPolicy(), false));
        return policyView(null);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return policyView(error.toPayload());
      }
    },

    async 'access.policy.update'(policy) {
      const stored = await central((api) => api.putAccessPolicy(policy), true);
      await keepPolicy(stored);
      return policyView(null);
    },

    async 'access.platform.list'() {
      return { platforms: await central((api) => api.platforms(), false) };
    },

    async 'access.platform.register'(input) {
      return central((api) => api.registerPlatform(input), true);
    },

    async 'access.platform.remove'({ clientId }) {
      await central((api) => api.removePlatform(clientId), true);
      return { clientId };
    },

    async 'access.activity.refresh'({ year }) {
      await central((api) => pullActivity(api, year), false);
      return activityView(year);
    },

    async 'access.activity.get'({ year }) {
      return activityView(year);
    },
  };
}
