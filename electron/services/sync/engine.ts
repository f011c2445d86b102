import { createHash } from 'node:crypto';
import path from 'node:path';
import { countOpenConflicts } from '../../../db/queries/sync-conflicts.ts';
import { cursorOf } from '../../../db/queries/sync-cursor.ts';
import {
  ensureSyncState,
  pendingCounts,
  readSyncState,
  switchServer,
  updateSyncState,
} from '../../../db/queries/sync-state.ts';
import { serverUrlSchema } from '../../../shared/domain/sync.ts';
import { AppError } from '../../../shared/errors.ts';
import { WorkInProgress } from '../work-in-progress.ts';
import { type CentralApi, centralApi } from './central-api.ts';
import type { Mirror } from './mirror.ts';
import { uploadPatronChanges } from './patron-changes.ts';
import { pullChanges } from './pull.ts';
import { pushOutbox } from './push.ts';
import type { SecretStore } from './secret-store.ts';
import { createTokens, type Tokens } from './session.ts';
import type { Transport } from './transport.ts';

export interface SyncEngineOptions {
  mirror: Mirror;
  secrets: SecretStore;
  transport(serverUrl: string): Transport;
  now(): Date;
  /** Pauses between attempts after a transient failure (tests shorten them). */
  retryDelaysMs?: readonly number[];
  /** Where a running sync shows its progress (rows received). */
  work?: WorkInProgress;
}

export interface SyncOutcome {
  pushed: number;
  pulled: number;
  conflicts: number;
}

const notConfigured = () =>
  new AppError(
    'SYNC_NOT_CONFIGURED',
    'Aucun serveur central n’est configuré : l’application fonctionne hors ligne (Réglages pour en ajouter un).',
  );

const insecureServer = () =>
  new AppError(
    'SYNC_NOT_CONFIGURED',
    'L’adresse enregistrée du serveur central n’est pas en https:// : rien ne lui est envoyé (mots de passe et lecteurs y transiteraient en clair). Saisissez son adresse en https:// dans Réglages.',
  );

/** Errors that may pass by themselves (network, server restarting): retried, the outbox untouched. */
const transient = (error: unknown) => error instanceof AppError && error.code === 'SYNC_OFFLINE';

/**
 * One PC's sync: push the outbox (always first, so the pull re-applies nothing the server has not ruled
 * on), upload patron change sets (imports, undos, duplicate decisions, purges), then pull. One sync at a
 * time — a request arriving during a sync waits for it and shares its outcome. Transient failures are
 * retried with growing pauses; the outbox and the cursor are only ever changed by committed transactions,
 * so an interrupted sync loses nothing.
 */
export function createSyncEngine(options: SyncEngineOptions) {
  const { mirror } = options;
  const delays = options.retryDelaysMs ?? [1_000, 5_000, 15_000];
  let running: Promise<SyncOutcome> | undefined;
  let online: boolean | null = null;
  let tokens: { url: string; tokens: Tokens } | undefined;
  const pulledListeners: ((api: CentralApi) => Promise<void>)[] = [];
  const loginListeners = new Set<() => void>();

  // The login belongs to this database file (desktop and CLI on the same file share it), whatever its
  // client id becomes.
  const secretKey = `sync-refresh-${createHash('sha256').update(path.resolve(mirror.sqlite.name)).digest('hex').slice(0, 16)}`;

  /**
   * Every door checks the address (serverUrlSchema), but one saved before https was required may still be
   * in the file: such a server is sent nothing — no password, token or patron, not even a logout's.
   */
  function reach(url: string): Transport {
    if (serverUrlSchema.safeParse(url).success) return options.transport(url);
    return { send: () => Promise.reject(insecureServer()) };
  }

  async function tokensFor(url: string) {
    if (tokens?.url !== url) {
      tokens = {
        url,
        tokens: createTokens({
          api: () => centralApi(reach(url)),
          secrets: options.secrets,
          secretKey,
          now: options.now,
        }),
      };
    }
    return tokens.tokens;
  }

  async function signedIn(): Promise<CentralApi> {
    const state = await ensureSyncState(mirror.db);
    if (!state.server_url) throw notConfigured();
    const session = await tokensFor(state.server_url);
    return centralApi(reach(state.server_url), session.credentials);
  }

  /**
   * `sync`: push, patron change sets, pull, then the figures that ride along (onPulled). `push`: the first
   * two only. `catchUp` (the live channel announced a version): push, change sets and pull, without the
   * figures — several HTTP calls per pull, which the periodic sync refreshes often enough.
   */
  type Steps = 'sync' | 'push' | 'catchUp';

  async function once(onRows: (rows: number) => void, steps: Steps): Promise<SyncOutcome> {
    const api = await signedIn();
    const pushed = await pushOutbox(mirror, api);
    await uploadPatronChanges(mirror, api);
    if (steps === 'push') return { pushed, pulled: 0, conflicts: await countOpenConflicts(mirror.db) };
    const pulled = await pullChanges(mirror, api, onRows);
    if (steps === 'sync') await ridingAlong(api);
    return { pushed, pulled, conflicts: await countOpenConflicts(mirror.db) };
  }

  async function ridingAlong(api: CentralApi) {
    for (const listener of pulledListeners) {
      try {
        await listener(api);
      } catch (error) {
        // Figures pulled beside the data (the access policy, active patrons) never fail a sync whose data
        // went through: an older central service without them, or a refusal, leaves the previous figures.
        if (!(error instanceof AppError)) throw error;
      }
    }
  }

  async function withRetries(onRows: (rows: number) => void, steps: Steps): Promise<SyncOutcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        const outcome = await once(onRows, steps);
        online = true;
        await updateSyncState(mirror.db, {
          last_sync_at: options.now().toISOString(),
          last_error_code: null,
          last_error: null,
        });
        return outcome;
      } catch (error) {
        const retry = transient(error) && attempt < delays.length;
        if (!retry) {
          online = error instanceof AppError && error.code === 'SYNC_OFFLINE' ? false : online;
          const payload =
            error instanceof AppError ? error : new AppError('INTERNAL', 'Synchronisation interrompue.');
          await updateSyncState(mirror.db, { last_error_code: payload.code, last_error: payload.message });
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
      }
    }
  }

  // A sync and a push never overlap (both send the outbox): each waits for the one before it.
  let tail: Promise<unknown> = Promise.resolve();
  function inTurn<T>(task: () => Promise<T>): Promise<T> {
    const result = tail.then(task, task);
    tail = result.catch(() => {});
    return result;
  }
  let pushing: Promise<SyncOutcome> | undefined;
  let catchingUp: Promise<SyncOutcome> | undefined;

  return {
    /** Syncs now, or joins the sync already running (or waiting for a push to end). */
    sync(): Promise<SyncOutcome> {
      const work = options.work ?? new WorkInProgress();
      running ??= inTurn(() =>
        work.run('Synchronisation', 'lignes reçues', (advance) =>
          withRetries((rows) => advance(rows, null), 'sync'),
        ),
      ).finally(() => {
        running = undefined;
      });
      return running;
    },
    /**
     * Sends the waiting changes now, without pulling (a live PC's fresh edit: the server's notice of the
     * version it makes brings the pull), or joins the push already waiting.
     */
    push(): Promise<SyncOutcome> {
      pushing ??= inTurn(() => withRetries(() => {}, 'push')).finally(() => {
        pushing = undefined;
      });
      return pushing;
    },
    /** Pushes then pulls what the live channel announced (not the figures riding along a full sync). */
    catchUp(): Promise<SyncOutcome> {
      catchingUp ??= inTurn(() => withRetries(() => {}, 'catchUp')).finally(() => {
        catchingUp = undefined;
      });
      return catchingUp;
    },
    /** Whether the server's log holds versions this PC has not pulled. */
    async behind(version: number): Promise<boolean> {
      return version > (await cursorOf(mirror.db));
    },
    /** The central service's live channel (its versions, as they commit), on this PC's login. */
    async events(signal: AbortSignal): Promise<AsyncGenerator<number>> {
      const state = await readSyncState(mirror.db);
      if (!state?.server_url || !(await (await tokensFor(state.server_url)).hasLogin()))
        throw notConfigured();
      return (await signedIn()).events(signal);
    },
    /** Whether changes wait for the central service (staff edits, patron change sets). */
    async waiting(): Promise<boolean> {
      const counts = await pendingCounts(mirror.db);
      return counts.changes > 0 || counts.batches > 0;
    },
    get running() {
      return running !== undefined;
    },
    /** Whether the last attempt reached the server (null: none yet in this run). */
    get online() {
      return online;
    },

    async login(serverUrl: string, email: string, password: string) {
      const state = await ensureSyncState(mirror.db);
      if (state.server_url && state.server_url !== serverUrl)
        await (await tokensFor(state.server_url)).logout();
      const user = await (await tokensFor(serverUrl)).login(email, password).catch((error: unknown) => {
        // The sync's own message speaks of changes waiting to be sent; at login, the address is what to check.
        if (error instanceof AppError && error.code === 'SYNC_OFFLINE')
          throw new AppError(
            'SYNC_OFFLINE',
            `Serveur central injoignable à l’adresse « ${serverUrl} » : vérifiez l’adresse et la connexion de ce poste, puis réessayez.`,
            { cause: error },
          );
        throw error;
      });
      online = true;
      await switchServer(mirror.db, serverUrl);
      await updateSyncState(mirror.db, {
        user_id: user.id,
        user_email: user.email,
        user_role: user.role,
        last_error_code: null,
        last_error: null,
      });
      for (const listener of loginListeners) listener();
      return user;
    },

    async logout() {
      const state = await readSyncState(mirror.db);
      if (state?.server_url) await (await tokensFor(state.server_url)).logout();
      if (state) await updateSyncState(mirror.db, { user_id: null, user_email: null, user_role: null });
    },

    /**
     * After each successful pull, on the same session: reads that ride along with the sync (the access
     * policy, active patrons). A listener's AppError is ignored; anything else fails the sync as unexpected.
     */
    /** After each login (the live channel follows the new session at once). */
    onLogin(listener: () => void): () => void {
      loginListeners.add(listener);
      return () => loginListeners.delete(listener);
    },

    onPulled(listener: (api: CentralApi) => Promise<void>) {
      pulledListeners.push(listener);
    },

    /**
     * One call to the central service outside a sync (Réglages, the CLI) on this PC's login, so the tokens
     * are the sync's own (a refresh token rotates: two holders would spend it twice).
     */
    async central<T>(call: (api: CentralApi) => Promise<T>): Promise<T> {
      const state = await readSyncState(mirror.db);
      if (!state?.server_url) throw notConfigured();
      const session = await tokensFor(state.server_url);
      if (!(await session.hasLogin()))
        throw new AppError(
          'AUTH_REQUIRED',
          'Connectez-vous au serveur central (Réglages › Serveur central, ou « mednum login »).',
        );
      try {
        const result = await call(centralApi(reach(state.server_url), session.credentials));
        online = true;
        return result;
      } catch (error) {
        if (error instanceof AppError && error.code === 'SYNC_OFFLINE') online = false;
        throw error;
      }
    },

    async hasLogin() {
      const state = await readSyncState(mirror.db);
      return state?.server_url ? await (await tokensFor(state.server_url)).hasLogin() : false;
    },
  };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
