import { setTimeout as sleep, setImmediate as yieldToLoop } from 'node:timers/promises';
import type BetterSqlite3 from 'better-sqlite3';
import { configureConnection, type OpenedDatabase, openConnection } from './open.ts';
import { writeTransactionAsync } from './transaction.ts';

/**
 * Keeps the patron search index (FTS5 `patron_search`) in one segment, in the background.
 *
 * Why: a bulk load (an import, a first sync pull) leaves the index in a dozen segments, and a search of two
 * common words then walks each word's doclist in every segment (bench:search: 28 ms per search with 14
 * segments, 11.6 ms with one). FTS5's `optimize` merges them all in one statement, but holds the write
 * lock for seconds (5.3 s per million patrons). Here the same merge is done in small steps: `merge` with a
 * negative page count (https://www.sqlite.org/fts5.html, « The 'merge' command ») first puts every segment
 * on one level, then each step writes a few pages, each in its own IMMEDIATE transaction, yielding the
 * event loop between steps, until a step changes nothing (the docs' total_changes() test).
 *
 * On its own connection: searches keep reading (WAL) while a step writes, and a step never sits inside a
 * transaction the app's connection holds. Its lock waits are asynchronous (busy_timeout 0, transaction.ts).
 */

/** Pages one step writes (negative: merge every level). 8 pages: median step ~1 ms, p95 ~23 ms on a loaded PC. */
const pagesPerStep = -8;

/**
 * Below this many segments nothing is done: FTS5's automerge keeps small edits in a few small segments,
 * which cost searches little, and merging them would rewrite the whole index. A bulk load leaves more.
 */
export const minSegmentsToMerge = 4;

/** Waits this long after a trigger, so the work that caused it (an import's checkpoint) ends first. */
const defaultDelayMs = 2_000;

export interface MaintenanceRun {
  segmentsBefore: number;
  segmentsAfter: number;
  steps: number;
  /** The longest step (lock held), for the bench and the log. */
  longestStepMs: number;
  elapsedMs: number;
}

export interface SearchMaintenance {
  /** Asks for a run (after a large write); runs at most one at a time, once more if asked meanwhile. */
  kick(): void;
  /** Resolves when no run is pending or running, with the last run (null if none merged anything). */
  settled(): Promise<MaintenanceRun | null>;
  /** Stops between two steps and closes the connection; what was merged stays merged. */
  stop(): Promise<void>;
}

/** The index's segment count, read from its %_idx table (one row per segment and leaf range). */
export function searchSegmentCount(sqlite: BetterSqlite3.Database): number {
  return (sqlite.prepare('SELECT count(DISTINCT segid) AS n FROM patron_search_idx').get() as { n: number })
    .n;
}

/** One merge step in its own IMMEDIATE transaction; true when it merged something (FTS5's test). */
async function mergeStep(sqlite: BetterSqlite3.Database): Promise<boolean> {
  const totalChanges = sqlite.prepare('SELECT total_changes() AS n').pluck();
  const merge = sqlite.prepare("INSERT INTO patron_search (patron_search, rank) VALUES ('merge', ?)");
  return writeTransactionAsync(sqlite, () => {
    const before = totalChanges.get() as number;
    merge.run(pagesPerStep);
    return (totalChanges.get() as number) - before >= 2;
  });
}

const running = new WeakMap<OpenedDatabase, SearchMaintenance>();

/** Starts the maintenance of an opened database: a first run after `delayMs`, then one per `kick()`. */
export function startSearchMaintenance(
  database: OpenedDatabase,
  options: { delayMs?: number; onError?: (error: unknown) => void } = {},
): SearchMaintenance {
  const delayMs = options.delayMs ?? defaultDelayMs;
  let stopped = false;
  let pending = true;
  let lastRun: MaintenanceRun | null = null;
  let loop: Promise<void> = Promise.resolve();
  const stopping = new AbortController();

  // Opened for a run only: between runs the file has no other connection of this process (a restore).
  const open = () => {
    const sqlite = openConnection(database.path, { mustExist: true });
    configureConnection(sqlite, 0);
    // Merging reads each segment once: a big page cache would only add to the process's memory.
    sqlite.pragma('cache_size = -8192');
    return sqlite;
  };

  async function run(): Promise<void> {
    const sqlite = open();
    try {
      await merge(sqlite);
    } finally {
      sqlite.close();
    }
  }

  async function merge(sqlite: BetterSqlite3.Database): Promise<void> {
    const started = performance.now();
    const segmentsBefore = searchSegmentCount(sqlite);
    if (segmentsBefore < minSegmentsToMerge) return;
    let steps = 0;
    let longestStepMs = 0;
    while (!stopped) {
      const stepStarted = performance.now();
      const merged = await mergeStep(sqlite);
      longestStepMs = Math.max(longestStepMs, performance.now() - stepStarted);
      steps += 1;
      if (!merged) break;
      await yieldToLoop();
    }
    lastRun = {
      segmentsBefore,
      segmentsAfter: searchSegmentCount(sqlite),
      steps,
      longestStepMs,
      elapsedMs: performance.now() - started,
    };
  }

  async function drain(): Promise<void> {
    await sleep(delayMs, undefined, { signal: stopping.signal }).catch(() => undefined);
    while (pending && !stopped) {
      pending = false;
      try {
        await run();
      } catch (error) {
        // The index stays usable (every step is a whole transaction); the next trigger tries again.
        options.onError?.(error);
      }
    }
  }

  let draining = false;
  const schedule = () => {
    if (draining || stopped) return;
    draining = true;
    loop = drain().finally(() => {
      draining = false;
      if (pending && !stopped) schedule();
    });
  };

  const maintenance: SearchMaintenance = {
    kick() {
      pending = true;
      schedule();
    },
    async settled() {
      while (draining) await loop;
      return lastRun;
    },
    async stop() {
      stopped = true;
      stopping.abort();
      await loop;
      running.delete(database);
    },
  };
  running.set(database, maintenance);
  schedule();
  return maintenance;
}

/** Asks the database's maintenance, if one runs (the long-lived doors), for a run after a large write. */
export function kickSearchMaintenance(database: OpenedDatabase): void {
  running.get(database)?.kick();
}
