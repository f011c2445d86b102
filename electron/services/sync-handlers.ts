import { findScenario } from '../../db/queries/scenarios.ts';
import { epciNameOfRow, libraryName } from '../../db/queries/sync-conflicts.ts';
import {
  ensureSyncState,
  findConflict,
  listConflicts,
  listRejections,
  pendingCounts,
  readSyncState,
  setResolvedValue,
  switchServer,
} from '../../db/queries/sync-state.ts';
import type { SyncConflictTable } from '../../db/schema.ts';
import { updateRow } from '../../db/write.ts';
import type { Handlers } from '../../shared/contract.ts';
import { type ConflictView, conflictFieldLabels, type SyncStatus } from '../../shared/domain/sync.ts';
import { AppError } from '../../shared/errors.ts';
import type { SyncTable } from '../../shared/sync/protocol.ts';
import { resolveActor } from './actor.ts';
import type { AppContext } from './context.ts';
import type { SyncEngine } from './sync/engine.ts';
import { startLiveSync } from './sync/live.ts';
import { syncEngineOf } from './sync/shared-engine.ts';

type SyncHandlers = Pick<
  Handlers,
  | 'sync.status'
  | 'sync.now'
  | 'sync.configure'
  | 'sync.login'
  | 'sync.logout'
  | 'sync.conflicts'
  | 'sync.resolve'
  | 'sync.rejections'
>;

/**
 * Sync with the central service, as the doors see it. The engine does the network I/O asynchronously and
 * touches SQLite only in short transactions, so the app stays usable while it runs; with no server
 * configured every method still answers (status "non configuré") and nothing is written.
 */
export function syncHandlers(
  context: Pick<AppContext, 'database' | 'now' | 'onClose' | 'sync' | 'unexpected' | 'work'>,
): SyncHandlers {
  const { db } = context.database;
  const engine = syncEngineOf(context);
  scheduleBackgroundSync(context, engine);

  async function status(): Promise<SyncStatus> {
    const state = await readSyncState(db);
    const counts = await pendingCounts(db);
    return {
      configured: Boolean(state?.server_url),
      serverUrl: state?.server_url ?? null,
      loggedIn: await engine.hasLogin(),
      user: state?.user_email ? { email: state.user_email, role: state.user_role ?? '' } : null,
      online: engine.online,
      running: engine.running,
      lastSyncAt: state?.last_sync_at ?? null,
      lastError:
        state?.last_error_code && state.last_error
          ? { code: state.last_error_code, message: state.last_error }
          : null,
      pending: { changes: counts.changes, batches: counts.batches },
      conflicts: counts.conflicts,
      rejections: counts.rejections,
      received: state?.cursor ?? 0,
    };
  }

  return {
    'sync.status': status,
    'sync.now': () => engine.sync(),

    async 'sync.configure'({ serverUrl }) {
      const state = await ensureSyncState(db);
      if (state.server_url && state.server_url !== serverUrl) await engine.logout();
      await switchServer(db, serverUrl);
      return status();
    },

    async 'sync.login'({ serverUrl, email, password }) {
      await engine.login(serverUrl.replace(/\/+$/, ''), email, password);
      return status();
    },

    async 'sync.logout'() {
      await engine.logout();
      return status();
    },

    async 'sync.conflicts'({ status: wanted }) {
      const rows = await listConflicts(db, wanted === 'all' ? undefined : wanted);
      return Promise.all(rows.map(view));
    },

    async 'sync.resolve'({ id, keep, value, by }) {
      const conflict = await findConflict(db, id);
      if (!conflict) throw new AppError('NOT_FOUND', 'Ce conflit n’existe plus.');
      if (conflict.status === 'resolved') throw new AppError('INVALID_INPUT', 'Ce conflit est déjà réglé.');
      if (keep === 'edit' && value === undefined)
        throw new AppError('INVALID_INPUT', 'Indiquez la valeur à garder.');
      const chosen =
        keep === 'mine'
          ? decode(conflict.client_value)
          : keep === 'theirs'
            ? decode(conflict.server_value)
            : value;
      await db.transaction().execute(async (trx) => {
        const actor = await resolveActor(trx, by);
        const now = context.now();
        // The resolution travels as an edit of the conflict row; the server writes the chosen value to the
        // row itself. Here the row shows it at once, outside the outbox (it must not travel twice).
        await setResolvedValue(trx, conflict, chosen ?? null);
        await updateRow(
          trx,
          'sync_conflict',
          id,
          {
            status: 'resolved',
            resolution: keep,
            resolved_value: JSON.stringify(chosen ?? null),
            resolved_by: actor,
            resolved_at: now.toISOString(),
          },
          { actor, now },
        );
      });
      return view((await findConflict(db, id)) as SyncConflictTable);
    },

    async 'sync.rejections'() {
      const rows = await listRejections(db);
      return rows.map((row) => ({
        mutationId: row.mutation_id,
        table: row.table_name,
        tableLabel: editableTables[row.table_name as keyof typeof editableTables] ?? row.table_name,
        rowId: row.row_id,
        op: row.op,
        patch: row.patch,
        at: row.at,
        code: row.code,
        reason: row.reason,
        rejectedAt: row.rejected_at,
      }));
    },
  };

  async function view(row: SyncConflictTable): Promise<ConflictView> {
    return {
      id: row.id,
      table: row.table_name as SyncTable,
      rowId: row.row_id,
      field: row.field,
      subject: await subjectOf(row.table_name, row.row_id),
      fieldLabel: conflictFieldLabels[row.field] ?? row.field,
      serverValue: decode(row.server_value),
      clientValue: decode(row.client_value),
      serverBy: row.server_by,
      serverAt: row.server_at,
      clientBy: row.client_by,
      clientAt: row.client_at,
      status: row.status,
      resolution: row.resolution,
      resolvedValue: row.resolved_value === null ? null : decode(row.resolved_value),
      resolvedBy: row.resolved_by,
      resolvedAt: row.resolved_at,
    };
  }

  /** What the row is, in the words of the screens: the EPCI's or library's name, then what of it. */
  async function subjectOf(table: string, rowId: string): Promise<string> {
    const label = editableTables[table as keyof typeof editableTables] ?? table;
    if (table === 'library') {
      return (await libraryName(db, rowId)) ?? label;
    }
    if (table === 'scenario') {
      const scenario = await findScenario(db, rowId);
      return scenario ? `Scénario « ${scenario.name} »` : label;
    }
    if (table === 'epci_followup' || table === 'convention' || table === 'contact') {
      const epci = await epciNameOfRow(db, table, rowId);
      if (!epci) return label;
      // A follow-up's only reviewed field is the status: the EPCI's name says it all.
      return table === 'epci_followup' ? epci : `${epci} — ${label}`;
    }
    return label;
  }
}

/** The synced tables a conflict can be about, with their name for people. */
const editableTables = {
  epci_followup: 'suivi',
  epci_event: 'historique',
  contact: 'contact',
  convention: 'convention',
  library: 'bibliothèque',
  mapping_profile: 'profil d’import',
  service_cost: 'coût du service',
  scenario: 'scénario',
} as const;

function decode(value: string): string | number | boolean | null {
  try {
    return JSON.parse(value) as string | number | boolean | null;
  } catch {
    return value;
  }
}

/**
 * Long-lived doors follow the central service live (sync/live.ts: an edit pushed at once, another PC's
 * pulled as soon as the server announces it), and sync every few minutes, and sooner (within
 * `pendingCheckMs`) when local changes wait, should the live channel be down. A failure is recorded in the
 * status, never thrown at anyone; while offline, waiting changes are retried at the ordinary period.
 */
const pendingCheckMs = 20_000;

function scheduleBackgroundSync(
  context: Pick<AppContext, 'database' | 'now' | 'onClose' | 'sync' | 'unexpected'>,
  engine: SyncEngine,
) {
  const everyMs = context.sync?.everyMs;
  if (!everyMs) return;
  const { db } = context.database;
  let lastAttempt = 0;
  const tick = async () => {
    const state = await readSyncState(db);
    if (!state?.server_url || engine.running || !(await engine.hasLogin())) return;
    const due = Date.now() - lastAttempt >= everyMs;
    const waiting = engine.online !== false && (await pendingCounts(db)).changes > 0;
    if (!due && !waiting) return;
    lastAttempt = Date.now();
    await engine.sync();
  };
  const absorb = context.unexpected.absorb('synchronisation en arrière-plan');
  const timer = setInterval(() => void tick().catch(absorb), Math.min(everyMs, pendingCheckMs));
  timer.unref();
  const live = startLiveSync(engine, absorb);
  context.onClose(async () => {
    clearInterval(timer);
    await live.stop();
    // A sync under way finishes (or fails) before the database closes under it.
    if (engine.running) await engine.sync().catch(absorb);
  });
}
