import { z } from 'zod';
import {
  type Change,
  PROTOCOL_VERSION,
  pulledOnlyTables,
  syncTables,
} from '../../../shared/sync/protocol.ts';
import type { CentralApi } from './central-api.ts';
import type { Mirror } from './mirror.ts';
import { offline } from './transport.ts';

const pageSize = 1000;
/** The snapshot's first line: which protocol and schema wrote it, and the version it reflects. */
const snapshotHeader = z.object({
  protocol: z.number().int(),
  schema: z.number().int(),
  version: z.number().int(),
});

/**
 * Pulls every change above the cursor, page by page. Applying a page and moving the cursor forward is one
 * SQLite transaction, so a crash or a lost answer leaves the mirror at a page boundary, never between.
 * A mirror at cursor 0 (never synced, or a snapshot not finished) starts from the server's snapshot
 * instead of replaying its history.
 */
export async function pullChanges(mirror: Mirror, api: CentralApi): Promise<number> {
  let pulled = 0;
  if ((await cursorOf(mirror)) === 0) pulled += await applySnapshot(mirror, api);
  for (;;) {
    const cursor = await cursorOf(mirror);
    const page = await api.pull(cursor, pageSize);
    await mirror.transaction(() => {
      mirror.applier.applyChanges(page.changes.filter((change) => change.version > cursor));
      moveCursor(mirror, page.cursor);
    });
    pulled += page.changes.length;
    if (!page.hasMore || page.changes.length === 0) return pulled;
  }
}

/** Snapshot rows per transaction: tens of milliseconds each, so the app's other calls wait that long at most. */
const snapshotPage = 5_000;

/**
 * A fresh PC's first sync: the whole server state as of one version, applied as it downloads, in pages of
 * bounded transactions with a turn of the event loop between them, so the app's other database calls
 * (the UI's) interleave. Only the last page moves the cursor: a sync stopped in the middle (crash, lost
 * connection) leaves it at 0, and the next sync takes a new snapshot. The first attempt's version stays in
 * `snapshot_from` until then, and the cursor ends at the lower of the two versions: the pull from there
 * brings whatever changed in between, tombstones included, so a row an interrupted attempt applied and
 * the server deleted since does not stay behind. Foreign keys are checked once, with the last page, rather
 * than row by row (a row may arrive before the row it refers to, and checking each row more than doubled
 * the time of 200,000 patrons).
 */
async function applySnapshot(mirror: Mirror, api: CentralApi): Promise<number> {
  const lines = (await api.snapshot())[Symbol.asyncIterator]();
  const first = await lines.next();
  const header = snapshotHeader.safeParse(first.done ? null : JSON.parse(first.value));
  if (!header.success || header.data.protocol !== PROTOCOL_VERSION) {
    await lines.return?.(undefined);
    throw offline('instantané illisible');
  }
  const { version } = header.data;
  const patrons = patronWatch(mirror);
  let applied = 0;
  try {
    let page: Change[] = [];
    for (let next = await lines.next(); ; next = await lines.next()) {
      if (!next.done && next.value.trim()) page.push(readChange(next.value));
      if (!next.done && page.length < snapshotPage) continue;
      const rows = page;
      const last = next.done === true;
      await mirror.exclusive((sqlite) => {
        sqlite.pragma('foreign_keys = OFF');
        try {
          sqlite.transaction(() => {
            sqlite
              .prepare('UPDATE sync_state SET snapshot_from = coalesce(snapshot_from, ?) WHERE id = 1')
              .run(version);
            mirror.applier.applyChanges(rows, { freshPatrons: patrons.fresh() });
            patrons.wrote();
            if (last) finishSnapshot(mirror, version);
          })();
        } finally {
          sqlite.pragma('foreign_keys = ON');
        }
      });
      applied += rows.length;
      if (last) return applied;
      page = [];
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    await lines.return?.(undefined);
    throw error;
  }
}

/** The snapshot's last page: every reference resolved, then the cursor moves and the marker goes. */
function finishSnapshot(mirror: Mirror, version: number) {
  if ((mirror.sqlite.pragma('foreign_key_check') as unknown[]).length > 0)
    throw offline('instantané incohérent');
  const from = mirror.sqlite.prepare('SELECT snapshot_from FROM sync_state WHERE id = 1').pluck().get() as
    | number
    | null;
  moveCursor(mirror, Math.min(from ?? version, version));
  mirror.sqlite.prepare('UPDATE sync_state SET snapshot_from = NULL WHERE id = 1').run();
}

/**
 * Whether the patron table holds nothing but what this snapshot wrote: empty when it began, and its
 * highest `num` still the one the last page left (an import committed between two pages by the import
 * worker's own connection would raise it). Then no local row can clash and none is looked for.
 */
function patronWatch(mirror: Mirror) {
  const highest = mirror.sqlite.prepare('SELECT max(num) FROM patron').pluck();
  let expected: number | null | undefined;
  let fresh = true;
  return {
    fresh() {
      const now = highest.get() as number | null;
      fresh &&= expected === undefined ? now === null : now === expected;
      return fresh;
    },
    wrote() {
      expected = highest.get() as number | null;
    },
  };
}

/**
 * One snapshot line. Checked by hand rather than by zod: at 200,000 lines the schema's generic walk was
 * a third of a fresh PC's first sync. Same rules as `changeSchema` for what the mirror relies on.
 */
function readChange(line: string): Change {
  const change = JSON.parse(line) as Change;
  const valid =
    Number.isInteger(change.version) &&
    change.version > 0 &&
    snapshotTables.has(change.table) &&
    typeof change.rowId === 'string' &&
    change.deleted === false &&
    typeof change.row === 'object' &&
    change.row !== null;
  if (!valid) throw offline('instantané illisible');
  return change;
}
const snapshotTables = new Set<string>([...syncTables, ...pulledOnlyTables]);

async function cursorOf(mirror: Mirror): Promise<number> {
  const row = await mirror.db
    .selectFrom('sync_state')
    .select('cursor')
    .where('id', '=', 1)
    .executeTakeFirst();
  return row?.cursor ?? 0;
}

/** Only ever forward: an answer that arrives late (a retried request) cannot move the cursor back. */
function moveCursor(mirror: Mirror, cursor: number) {
  mirror.sqlite.prepare('UPDATE sync_state SET cursor = ? WHERE id = 1 AND cursor < ?').run(cursor, cursor);
}
