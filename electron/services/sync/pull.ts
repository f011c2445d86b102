import { hasDeferredIndexes, restoreDeferredIndexes } from '../../../db/queries/deferred-indexes.ts';
import { cursorOf, moveCursor, readCursor } from '../../../db/queries/sync-cursor.ts';
import { AppError } from '../../../shared/errors.ts';
import { PROTOCOL_VERSION } from '../../../shared/sync/protocol.ts';
import type { CentralApi } from './central-api.ts';
import type { Mirror } from './mirror.ts';
import { SnapshotWorker } from './snapshot-client.ts';
import { invalidSnapshot, PageReader, parseLine, snapshotHeader } from './snapshot-format.ts';
import { MirrorReplaced } from './snapshot-page.ts';

const pageSize = 1000;
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
 * Snapshot rows per transaction: a few tenths of a second each, so the app's other writes wait that long
 * at most. Each commit flushes the search index's pending entries as a new segment that later commits
 * merge: 20,000 rows rather than 5,000 cut that merging by half (200,000 patrons: the search index's CPU
 * 15 % lower).
 */
const snapshotPage = 20_000;
/**
 * The first page is smaller: the snapshot thread waits for it with nothing else to do (200,000 patrons on
 * PostgreSQL: 0.8 s of its 6.6 s idle, with 20,000 rows), and one more small segment costs little.
 */
const firstSnapshotPage = 5_000;
/**
 * Pages handed to the snapshot thread and not yet committed: one being written, one waiting, so the
 * download never waits for a commit; beyond that it pauses, and memory stays at a few pages.
 */
const pagesAhead = 2;

/**
 * A fresh PC's first sync: the whole server state as of one version, applied as it downloads. This thread
 * downloads the lines and reads them as they come (snapshot-format.ts `PageReader`: checked, search texts
 * made, values ready to bind); a thread of its own writes them (snapshot-page.ts: one
 * transaction per page, the cursor moved by the last one, where an interrupted snapshot resumes), so
 * downloading page N+1 overlaps writing page N, and the app's calls are served meanwhile.
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
  const patronColumns = header.data.format === 2 ? header.data.patronColumns : null;
  const writer = new SnapshotWorker({
    databasePath: mirror.sqlite.name,
    version: header.data.version,
    patronColumns,
  });
  let applied = 0;
  const committed: Promise<number>[] = [];
  const oldest = async () => {
    applied += await (committed.shift() as Promise<number>);
    onRows(applied);
  };
  try {
    const page = new PageReader(patronColumns, snapshotPage);
    let size = firstSnapshotPage;
    for (let next = await lines.next(); ; next = await lines.next()) {
      if (!next.done && next.value.trim()) page.add(next.value);
      if (!next.done && page.rows < size) continue;
      size = snapshotPage;
      if (writer.failure) throw writer.failure;
      if (!mirror.sqlite.open) throw closedMeanwhile();
      const written = writer.write(page.take(), next.done === true, mirror.now());
      // Awaited in turn below; a failure meanwhile stops the download at the next page (writer.failure).
      written.catch(() => {});
      committed.push(written);
      if (next.done) break;
      while (committed.length >= pagesAhead) await oldest();
    }
    while (committed.length) await oldest();
    return applied;
  } catch (error) {
    await lines.return?.(undefined);
    throw error;
  } finally {
    await writer.close();
    // A snapshot that stopped before its last page leaves the patron indexes set aside: staff search
    // with them until the next attempt, however far off.
    if (mirror.sqlite.open && hasDeferredIndexes(mirror.sqlite))
      await mirror.write(() => restoreDeferredIndexes(mirror.sqlite));
  }
}

const closedMeanwhile = () =>
  new AppError('CANCELLED', 'Synchronisation interrompue : elle reprendra à la prochaine.');
