import type BetterSqlite3 from 'better-sqlite3';
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
import { type CompactPatron, invalidSnapshot, lineReader, patronChange } from './snapshot-format.ts';

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
 * of 200,000 patrons).
 */
export function snapshotWriter(
  sqlite: BetterSqlite3.Database,
  snapshot: { version: number; patronColumns: readonly string[] | null },
) {
  let now = new Date();
  const applier = createSyncApplier(sqlite, { now: () => now, patronSearchText });
  const { patronColumns } = snapshot;
  const readLine = lineReader(patronColumns);
  const writeFresh = patronColumns && applier.freshPatronWriter(patronColumns);
  const patrons = patronWatch(sqlite);
  /** Rows the unfinished snapshot has written, as this run expects the file to say (null: first page). */
  let written: number | null = null;

  return {
    /** Reads and writes one page; `last` also checks every reference and moves the cursor. */
    page(lines: readonly string[], last: boolean, at: Date): number {
      now = at;
      const rows = lines.map(readLine);
      writeTransaction(sqlite, () => {
        const state = snapshotProgress(sqlite);
        if (written === null) written = state.snapshot_from === null ? 0 : state.snapshot_rows;
        else if (state.cursor !== 0 || state.snapshot_from === null || state.snapshot_rows !== written)
          throw new MirrorReplaced();
        written += rows.length;
        recordSnapshotProgress(sqlite, snapshot.version, written);
        const fresh = patrons.fresh();
        const changes: Change[] = [];
        withSearchBuffer(sqlite, () => {
          for (const row of rows) {
            if (!isCompact(row)) changes.push(row);
            else if (fresh && writeFresh) writeFresh(row.rowId, row.values);
            else changes.push(patronChange(patronColumns as string[], row));
          }
          applier.applyChanges(changes, { freshPatrons: fresh });
        });
        patrons.wrote();
        if (last) finishSnapshot(sqlite, snapshot.version);
      });
      return rows.length;
    },
  };
}

const isCompact = (row: Change | CompactPatron): row is CompactPatron => 'values' in row;

/** The snapshot's last page: every reference resolved, then the cursor moves and the marker goes. */
function finishSnapshot(sqlite: BetterSqlite3.Database, version: number) {
  if (!referencesHold(sqlite))
    throw invalidSnapshot('incohérent : une ligne renvoie à une autre qui n’y figure pas');
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
