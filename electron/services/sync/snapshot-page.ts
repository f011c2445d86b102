import type BetterSqlite3 from 'better-sqlite3';
import { deferPatronIndexes, restoreDeferredIndexes } from '../../../db/queries/deferred-indexes.ts';
import { withSearchBuffer } from '../../../db/queries/snapshot-search.ts';
import { createSyncApplier } from '../../../db/queries/sync-apply.ts';
import {
  endSnapshot,
  highestPatronNum,
  moveCursor,
  recordSnapshotProgress,
  referencesHold,
  snapshotProgress,
} from '../../../db/queries/sync-cursor.ts';
import { writeTransaction } from '../../../db/transaction.ts';
import type { Change } from '../../../shared/sync/protocol.ts';
import { patronSearchText } from '../import/patron-row.ts';
import { compactPatrons, invalidSnapshot, patronChange } from './snapshot-format.ts';
import type { SnapshotPage, SnapshotValue } from './snapshot-protocol.ts';

/**
 * The file changed under the sync between two of its transactions (a backup restored, by this process or
 * another): what the earlier pages wrote is no longer there. The pull starts again from what it holds.
 */
export class MirrorReplaced extends Error {}

/**
 * Writes one snapshot's pages, each one IMMEDIATE transaction on `sqlite` (the snapshot thread's own
 * connection, which may block while another connection writes). Only the last page moves the cursor: a
 * sync stopped in the middle (crash, lost connection, app closed) leaves it at 0, and the next sync takes
 * a new snapshot. The first attempt's version stays in `snapshot_from` until then, and the cursor ends at
 * the lower of the two versions: the pull from there brings whatever changed in between, tombstones
 * included, so a row an interrupted attempt applied and the server deleted since does not stay behind.
 * Foreign keys are checked once, with the last page, rather than row by row (a row may arrive before the
 * row it refers to; the connection writes with them off, and checking each row more than doubled the time
 * of 200,000 patrons). Into an empty patron table, its secondary indexes are dropped with the first page
 * and built with the last (db/queries/deferred-indexes.ts): 200,000 patrons written in 3.5 s rather than
 * 4.6 s.
 */
export function snapshotWriter(
  sqlite: BetterSqlite3.Database,
  snapshot: { version: number; patronColumns: readonly string[] | null },
) {
  let now = new Date();
  const applier = createSyncApplier(sqlite, { now: () => now, patronSearchText });
  const { patronColumns } = snapshot;
  const writeFresh = patronColumns && applier.freshPatronWriter(patronColumns);
  const patrons = patronWatch(sqlite);
  /** Rows the unfinished snapshot has written, as this run expects the file to say (null: first page). */
  let written: number | null = null;

  return {
    /** Writes one page, read by the pull; `last` also checks every reference and moves the cursor. */
    page(page: SnapshotPage, last: boolean, at: Date): number {
      now = at;
      writeTransaction(sqlite, () => {
        const state = snapshotProgress(sqlite);
        const firstPage = written === null;
        if (written === null) written = state.snapshot_from === null ? 0 : state.snapshot_rows;
        else if (state.cursor !== 0 || state.snapshot_from === null || state.snapshot_rows !== written)
          throw new MirrorReplaced();
        written += page.rows;
        recordSnapshotProgress(sqlite, snapshot.version, written);
        const fresh = patrons.fresh();
        // An empty table: its indexes are built once, after the last page, rather than row by row.
        if (firstPage && fresh) deferPatronIndexes(sqlite);
        withSearchBuffer(sqlite, () => {
          const values = page.patrons;
          if (fresh && writeFresh && values) {
            const columns = (patronColumns as string[]).length;
            writeFresh({
              ids: values.ids,
              search: values.search,
              value: (row, index) =>
                values.values[values.cells[row * columns + index] as number] as SnapshotValue,
            });
            applier.applyChanges(page.changes, { freshPatrons: true });
          } else applier.applyChanges(inLineOrder(page, patronColumns), { freshPatrons: fresh });
        });
        patrons.wrote();
        if (last) finishSnapshot(sqlite, snapshot.version);
      });
      return page.rows;
    },
  };
}

/** Every line of a page as a `Change`, in the page's order: for a patron table the snapshot shares. */
function inLineOrder(page: SnapshotPage, patronColumns: readonly string[] | null): Change[] {
  if (!page.patrons || !patronColumns) return page.changes;
  const patrons = compactPatrons(page.patrons, patronColumns.length);
  const changes: Change[] = [];
  let next = 0;
  for (let line = 0, patron = 0; line < page.rows; line++) {
    if (page.changeAt[next] === line) changes.push(page.changes[next++] as Change);
    else changes.push(patronChange(patronColumns, patrons[patron++] as (typeof patrons)[number]));
  }
  return changes;
}

/**
 * The snapshot's last page: every reference resolved, the patron indexes built again, then the cursor
 * moves and the marker goes.
 */
function finishSnapshot(sqlite: BetterSqlite3.Database, version: number) {
  if (!referencesHold(sqlite))
    throw invalidSnapshot('incohérent : une ligne renvoie à une autre qui n’y figure pas');
  restoreDeferredIndexes(sqlite);
  const from = snapshotProgress(sqlite).snapshot_from;
  moveCursor(sqlite, Math.min(from ?? version, version));
  endSnapshot(sqlite);
}

/**
 * Whether the patron table holds nothing but what this snapshot wrote: empty when it began, and its
 * highest `num` still the one the last page left (an import committed between two pages by the import
 * worker's own connection would raise it). Then no local row can clash and none is looked for.
 */
function patronWatch(sqlite: BetterSqlite3.Database) {
  const highest = highestPatronNum(sqlite);
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
