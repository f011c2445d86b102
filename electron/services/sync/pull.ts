import { z } from 'zod';
import {
  cursorOf,
  endSnapshot,
  highestPatronNum,
  moveCursor,
  readCursor,
  recordSnapshotProgress,
  referencesHold,
  snapshotProgress,
} from '../../../db/queries/sync-cursor.ts';
import { AppError } from '../../../shared/errors.ts';
import {
  type Change,
  PROTOCOL_VERSION,
  pulledOnlyTables,
  syncTables,
} from '../../../shared/sync/protocol.ts';
import type { CentralApi } from './central-api.ts';
import type { Mirror } from './mirror.ts';

const pageSize = 1000;
/**
 * The snapshot's first line: which protocol and schema wrote it, the version it reflects, and its line
 * format (PROTOCOL.md: 1 when absent, a server that predates format 2; 2 names a patron's columns).
 */
const snapshotHeader = z.union([
  z.object({
    protocol: z.number().int(),
    schema: z.number().int(),
    version: z.number().int(),
    format: z.literal(2),
    patronColumns: z.array(z.string()).min(1),
  }),
  z.object({
    protocol: z.number().int(),
    schema: z.number().int(),
    version: z.number().int(),
    format: z.literal(1).optional(),
  }),
]);

/**
 * Pulls every change above the cursor, page by page. Applying a page and moving the cursor forward is one
 * SQLite transaction, so a crash or a lost answer leaves the mirror at a page boundary, never between.
 * A mirror at cursor 0 (never synced, or a snapshot not finished) starts from the server's snapshot
 * instead of replaying its history.
 */
export async function pullChanges(
  mirror: Mirror,
  api: CentralApi,
  onRows: (rows: number) => void = () => {},
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pullOnce(mirror, api, onRows);
    } catch (error) {
      if (!(error instanceof MirrorReplaced) || attempt === 3) throw error;
    }
  }
}

/**
 * The file changed under the sync between two of its transactions (a backup restored, by this process or
 * another): what the earlier pages wrote is no longer there. The pull starts again from what it holds.
 */
class MirrorReplaced extends Error {}

async function pullOnce(mirror: Mirror, api: CentralApi, onRows: (rows: number) => void): Promise<number> {
  let pulled = 0;
  if ((await cursorOf(mirror.db)) === 0) pulled += await applySnapshot(mirror, api, onRows);
  for (;;) {
    const cursor = await cursorOf(mirror.db);
    const page = await api.pull(cursor, pageSize);
    await mirror.write(() => {
      if (readCursor(mirror.sqlite) !== cursor) throw new MirrorReplaced();
      mirror.applier.applyChanges(page.changes.filter((change) => change.version > cursor));
      moveCursor(mirror.sqlite, page.cursor);
    });
    pulled += page.changes.length;
    if (!page.hasMore || page.changes.length === 0) return pulled;
  }
}

/**
 * Snapshot rows per transaction: a few tenths of a second each, so the app's other calls wait that long at
 * most. Each commit flushes the search index's pending entries as a new segment that later commits merge:
 * 20,000 rows rather than 5,000 cut that merging by half (200,000 patrons: the search index's CPU 15 %
 * lower).
 */
const snapshotPage = 20_000;

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
async function applySnapshot(
  mirror: Mirror,
  api: CentralApi,
  onRows: (rows: number) => void,
): Promise<number> {
  const lines = (await api.snapshot())[Symbol.asyncIterator]();
  const first = await lines.next();
  const header = snapshotHeader.safeParse(first.done ? null : parseLine(first.value));
  if (!header.success || header.data.protocol !== PROTOCOL_VERSION) {
    await lines.return?.(undefined);
    throw invalidSnapshot('illisible');
  }
  const { version } = header.data;
  const readChange = header.data.format === 2 ? compactReader(header.data.patronColumns) : readObjectChange;
  const patrons = patronWatch(mirror);
  let applied = 0;
  /** Rows the unfinished snapshot has written, as this run expects the file to say (null: first page). */
  let written: number | null = null;
  try {
    let page: Change[] = [];
    for (let next = await lines.next(); ; next = await lines.next()) {
      if (!next.done && next.value.trim()) page.push(readChange(next.value));
      if (!next.done && page.length < snapshotPage) continue;
      const rows = page;
      const last = next.done === true;
      await mirror.write(
        () => {
          const state = snapshotProgress(mirror.sqlite);
          if (written === null) written = state.snapshot_from === null ? 0 : state.snapshot_rows;
          else if (state.cursor !== 0 || state.snapshot_from === null || state.snapshot_rows !== written)
            throw new MirrorReplaced();
          written += rows.length;
          recordSnapshotProgress(mirror.sqlite, version, written);
          mirror.applier.applyChanges(rows, { freshPatrons: patrons.fresh() });
          patrons.wrote();
          if (last) finishSnapshot(mirror, version);
        },
        { foreignKeys: false },
      );
      applied += rows.length;
      onRows(applied);
      if (last) return applied;
      page = [];
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    await lines.return?.(undefined);
    throw error;
  }
}

/**
 * A snapshot that fails its checks is the server's data, not the network: its own code, not retried as if
 * offline; the PC keeps what it has and the next sync asks for a new one.
 */
const invalidSnapshot = (why: string) =>
  new AppError(
    'SYNC_SNAPSHOT_INVALID',
    `L’instantané envoyé par le serveur central est ${why} : rien n’a été perdu sur ce poste. Signalez-le à l’administrateur du serveur.`,
  );

/** The snapshot's last page: every reference resolved, then the cursor moves and the marker goes. */
function finishSnapshot(mirror: Mirror, version: number) {
  if (!referencesHold(mirror.sqlite))
    throw invalidSnapshot('incohérent : une ligne renvoie à une autre qui n’y figure pas');
  const from = snapshotProgress(mirror.sqlite).snapshot_from;
  moveCursor(mirror.sqlite, Math.min(from ?? version, version));
  endSnapshot(mirror.sqlite);
}

/**
 * Whether the patron table holds nothing but what this snapshot wrote: empty when it began, and its
 * highest `num` still the one the last page left (an import committed between two pages by the import
 * worker's own connection would raise it). Then no local row can clash and none is looked for.
 */
function patronWatch(mirror: Mirror) {
  const highest = highestPatronNum(mirror.sqlite);
  let expected: number | null | undefined;
  let fresh = true;
  return {
    fresh() {
      const now = highest();
      fresh &&= expected === undefined ? now === null : now === expected;
      return fresh;
    },
    wrote() {
      expected = highest();
    },
  };
}

/**
 * One snapshot line of format 1, a `Change`. Checked by hand rather than by zod: at 200,000 lines the
 * schema's generic walk was a third of a fresh PC's first sync. Same rules as `changeSchema` for what the
 * mirror relies on.
 */
function readObjectChange(line: string): Change {
  const change = parseLine(line) as Change;
  if (!validChange(change)) throw invalidSnapshot('illisible');
  return change;
}

/**
 * Format 2: `[table, rowId, version, row]`, a patron's row possibly the array of its values in the
 * header's `patronColumns` order, made back into the row format 1 would have sent.
 */
function compactReader(patronColumns: readonly string[]): (line: string) => Change {
  return (line) => {
    const fields = parseLine(line);
    if (!Array.isArray(fields) || fields.length !== 4) throw invalidSnapshot('illisible');
    const [table, rowId, version, values] = fields as [Change['table'], string, number, unknown];
    let row = values as Change['row'];
    if (Array.isArray(values)) {
      if (table !== 'patron' || values.length !== patronColumns.length) throw invalidSnapshot('illisible');
      row = {};
      for (let i = 0; i < values.length; i++) row[patronColumns[i] as string] = values[i];
    }
    const change: Change = { table, rowId, version, deleted: false, row };
    if (!validChange(change)) throw invalidSnapshot('illisible');
    return change;
  };
}

function validChange(change: Change): boolean {
  return (
    Number.isInteger(change.version) &&
    change.version > 0 &&
    snapshotTables.has(change.table) &&
    typeof change.rowId === 'string' &&
    change.deleted === false &&
    typeof change.row === 'object' &&
    change.row !== null
  );
}
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw invalidSnapshot('illisible');
  }
}

const snapshotTables = new Set<string>([...syncTables, ...pulledOnlyTables]);
