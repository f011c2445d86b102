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
 * A mirror at cursor 0 (never synced) starts from the server's snapshot instead of replaying its history.
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

/** Snapshot rows applied per slice; every slice belongs to the one transaction of the snapshot. */
const sliceSize = 2_000;

/**
 * A fresh PC's first sync: the whole server state as of one version, applied as it downloads, in one
 * transaction that also sets the cursor to that version; then ordinary pulls from there. While it runs
 * the app's other database calls wait (a fresh PC has nothing to show yet). Foreign keys are checked once
 * at the end rather than row by row, which more than halved the time of 200,000 patrons.
 */
async function applySnapshot(mirror: Mirror, api: CentralApi): Promise<number> {
  const lines = (await api.snapshot())[Symbol.asyncIterator]();
  const first = await lines.next();
  const header = snapshotHeader.safeParse(first.done ? null : JSON.parse(first.value));
  if (!header.success || header.data.protocol !== PROTOCOL_VERSION) {
    await lines.return?.(undefined);
    throw offline('instantané illisible');
  }
  return mirror.exclusive(async (sqlite) => {
    sqlite.pragma('foreign_keys = OFF');
    sqlite.exec('BEGIN');
    try {
      const freshPatrons = sqlite.prepare('SELECT 1 FROM patron LIMIT 1').get() === undefined;
      let applied = 0;
      let slice: Change[] = [];
      for (let next = await lines.next(); !next.done; next = await lines.next()) {
        if (next.value.trim()) slice.push(readChange(next.value));
        if (slice.length < sliceSize) continue;
        mirror.applier.applyChanges(slice, { freshPatrons });
        applied += slice.length;
        slice = [];
      }
      mirror.applier.applyChanges(slice, { freshPatrons });
      applied += slice.length;
      if ((sqlite.pragma('foreign_key_check') as unknown[]).length > 0)
        throw offline('instantané incohérent');
      moveCursor(mirror, header.data.version);
      sqlite.exec('COMMIT');
      return applied;
    } catch (error) {
      sqlite.exec('ROLLBACK');
      await lines.return?.(undefined);
      throw error;
    } finally {
      sqlite.pragma('foreign_keys = ON');
    }
  });
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
