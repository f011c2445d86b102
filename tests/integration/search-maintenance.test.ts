import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenedDatabase, openDatabase } from '../../db/open.ts';
import {
  minSegmentsToMerge,
  type SearchMaintenance,
  searchSegmentCount,
  startSearchMaintenance,
} from '../../db/search-maintenance.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

/**
 * The search index's background merge, on real SQLite files: a bulk-loaded index (many segments) ends in
 * fewer, FTS5's integrity check passes, every search finds the same patrons, and a writer on another
 * thread writing at the same time never meets SQLITE_BUSY nor loses a row.
 */
const dir = tempDir();
const syllables = [
  'bou',
  'cas',
  'del',
  'fon',
  'lab',
  'mar',
  'pey',
  'rou',
  'vay',
  'lac',
  'gal',
  'tri',
  'ssac',
  'rie',
];
const nameOf = (n: number) =>
  `${syllables[n % 14]}${syllables[Math.floor(n / 14) % 14]}${syllables[Math.floor(n / 196) % 14]} marie dupont ${n}`;

/** Writes `count` entries in `transactions` transactions with automerge off: a bulk load's many segments. */
function bulkLoad(sqlite: BetterSqlite3.Database, count: number, transactions: number) {
  sqlite.exec("INSERT INTO patron_search (patron_search, rank) VALUES ('automerge', 0)");
  const insert = sqlite.prepare('INSERT INTO patron_search (rowid, text) VALUES (?, ?)');
  const perTransaction = Math.ceil(count / transactions);
  for (let start = 1; start <= count; start += perTransaction) {
    sqlite.transaction(() => {
      for (let n = start; n < Math.min(start + perTransaction, count + 1); n++) insert.run(n, nameOf(n));
    })();
  }
  // Back to FTS5's default, as every other write in the app finds it.
  sqlite.exec("INSERT INTO patron_search (patron_search, rank) VALUES ('automerge', 4)");
}

const probes = ['marie dupont', 'boucas', 'ssacrie', 'dupont 170', 'lacgal', 'rou', 'ssac 900'];
function searches(sqlite: BetterSqlite3.Database) {
  const match = sqlite
    .prepare('SELECT rowid FROM patron_search WHERE patron_search MATCH ? ORDER BY rowid')
    .pluck();
  return probes.map((probe) =>
    match.all(
      probe
        .split(' ')
        .map((word) => `"${word}"`)
        .join(' '),
    ),
  );
}

function integrityCheck(sqlite: BetterSqlite3.Database) {
  sqlite.exec("INSERT INTO patron_search (patron_search) VALUES ('integrity-check')");
}

let opened: OpenedDatabase | null = null;
let maintenance: SearchMaintenance | null = null;
afterEach(async () => {
  await maintenance?.stop();
  await opened?.close();
  maintenance = null;
  opened = null;
});

describe('search index maintenance', () => {
  it('merges a bulk-loaded index into fewer segments, searches unchanged, integrity check passing', async () => {
    opened = openDatabase(path.join(dir, 'merge.sqlite'));
    bulkLoad(opened.sqlite, 30_000, 12);
    const segmentsBefore = searchSegmentCount(opened.sqlite);
    expect(segmentsBefore).toBeGreaterThanOrEqual(minSegmentsToMerge);
    const before = searches(opened.sqlite);
    expect(before[0]).toHaveLength(30_000);

    maintenance = startSearchMaintenance(opened, { delayMs: 0 });
    const run = await maintenance.settled();

    expect(run?.segmentsBefore).toBe(segmentsBefore);
    expect(run?.segmentsAfter).toBe(1);
    expect(searchSegmentCount(opened.sqlite)).toBe(1);
    expect(run?.steps).toBeGreaterThan(1);
    integrityCheck(opened.sqlite);
    expect(searches(opened.sqlite)).toEqual(before);
  });

  it('leaves an index of few segments alone', async () => {
    opened = openDatabase(path.join(dir, 'few.sqlite'));
    opened.sqlite.transaction(() => {
      const insert = opened?.sqlite.prepare('INSERT INTO patron_search (rowid, text) VALUES (?, ?)');
      for (let n = 1; n <= 100; n++) insert?.run(n, nameOf(n));
    })();
    maintenance = startSearchMaintenance(opened, { delayMs: 0 });
    expect(await maintenance.settled()).toBeNull();
  });

  it('runs while another thread writes at the same time: no SQLITE_BUSY reaches the writer, nothing lost', async () => {
    opened = openDatabase(path.join(dir, 'concurrent.sqlite'));
    bulkLoad(opened.sqlite, 60_000, 20);
    const before = searches(opened.sqlite);

    // The writer: another connection, as the import worker's, BEGIN IMMEDIATE with a busy_timeout.
    const writer = new Worker(
      `
      const { parentPort, workerData } = require('node:worker_threads');
      const Database = require(workerData.driver);
      const db = new Database(workerData.file);
      db.pragma('busy_timeout = 15000');
      const insert = db.prepare('INSERT INTO patron_search (rowid, text) VALUES (?, ?)');
      parentPort.once('message', () => {
        const started = Date.now();
        let written = 0;
        try {
          for (let t = 0; t < 200; t++) {
            db.transaction(() => {
              for (let i = 0; i < 25; i++) { written++; insert.run(1_000_000 + written, 'nouveau lecteur ' + written); }
            }).immediate();
          }
          parentPort.postMessage({ written, started, ended: Date.now() });
        } catch (error) {
          parentPort.postMessage({ error: String(error.code ?? error), written });
        } finally { db.close(); }
      });
      `,
      {
        eval: true,
        workerData: {
          driver: path.join(repoRoot, 'node_modules', 'better-sqlite3'),
          file: opened.path,
        },
      },
    );
    const report = new Promise<{ written: number; started: number; ended: number; error?: string }>(
      (resolve, reject) => {
        writer.once('message', resolve);
        writer.once('error', reject);
      },
    );

    maintenance = startSearchMaintenance(opened, { delayMs: 0 });
    const maintenanceStarted = Date.now();
    writer.postMessage('go');
    const run = await maintenance.settled();
    const maintenanceEnded = Date.now();
    const written = await report;
    await writer.terminate();

    expect(written.error).toBeUndefined();
    expect(written.written).toBe(5_000);
    // The two did run at the same time.
    expect(written.started).toBeLessThan(maintenanceEnded);
    expect(written.ended).toBeGreaterThan(maintenanceStarted);
    expect(run?.segmentsAfter).toBeLessThan(run?.segmentsBefore ?? 0);

    integrityCheck(opened.sqlite);
    expect(searches(opened.sqlite)).toEqual(before);
    const count = opened.sqlite.prepare(
      'SELECT count(*) FROM patron_search WHERE patron_search MATCH \'"nouveau lecteur"\'',
    );
    expect(count.pluck().get()).toBe(5_000);
  });
});
