import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { openAppContext } from '../../electron/services/context.ts';
import { SnapshotWorker } from '../../electron/services/sync/snapshot-client.ts';
import { PageReader } from '../../electron/services/sync/snapshot-format.ts';
import { patron } from '../central/patrons.ts';
import { libraryRow } from '../helpers/library-row.ts';
import { placeSeededDatabase } from '../helpers/seeded-database.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The thread that writes a first sync's pages, on a real file beside the app's own connection: a page
 * lands whole or not at all, whatever stops the thread, and the next snapshot resumes from what landed.
 */
const dir = tempDir('mednum-snapshot-worker-');
const stamp = '2026-11-25T10:00:00.000Z';
const library = libraryRow({
  id: 'bib-gourdon',
  code: 'BIB-GOURDON',
  name: 'Médiathèque de Gourdon',
  commune_insee: '46127',
  ils: 'other',
  created_at: stamp,
  updated_at: stamp,
});
const patronColumns = Object.keys(patron(library.id, 0));
/** Format 2 lines: the library as an object, patrons as their values in `patronColumns` order. */
const libraryLine = JSON.stringify(['library', library.id, 1, library]);
function patronLines(from: number, to: number): string[] {
  const lines: string[] = [];
  for (let n = from; n < to; n++) {
    const row: Record<string, unknown> = { ...patron(library.id, n), id: `patron-${n}` };
    lines.push(JSON.stringify(['patron', row.id, n + 2, patronColumns.map((column) => row[column])]));
  }
  return lines;
}

/** A page as the pull hands it over: its lines read on this thread. */
function page(lines: string[]) {
  const reader = new PageReader(patronColumns);
  for (const line of lines) reader.add(line);
  return reader.take();
}

let databasePath: string;
let app: BetterSqlite3.Database;
let file = 0;
beforeEach(async () => {
  databasePath = path.join(dir, `pc-${++file}.sqlite`);
  await placeSeededDatabase(databasePath);
  // The app's own connection, as the core holds it.
  app = new BetterSqlite3(databasePath);
  // What the sync engine makes before it pulls (ensureSyncState).
  app.prepare("INSERT INTO sync_state (id, client_id) VALUES (1, 'poste-de-test')").run();
  return () => app.close();
});

const state = () =>
  app.prepare('SELECT cursor, snapshot_from, snapshot_rows FROM sync_state WHERE id = 1').get();
const patronCount = () => app.prepare('SELECT count(*) FROM patron').pluck().get() as number;
const searchBuffer = () =>
  app.prepare("SELECT v FROM patron_search_config WHERE k = 'hashsize'").pluck().get();
/** Every index of the patron table but its unique constraints', as migrated: what a first sync sets aside. */
const secondaryIndexes = [
  'patron_by_duplicate',
  'patron_by_library',
  'patron_by_library_name',
  'patron_by_person',
  'patron_search_order',
];
/** Their primary key's and (library, card)'s, which every write checks: never set aside. */
const uniqueConstraints = ['sqlite_autoindex_patron_1', 'sqlite_autoindex_patron_2'];
const deferred = () => app.prepare('SELECT name FROM deferred_index ORDER BY name').pluck().all();
const patronIndexNames = () =>
  app
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'patron' ORDER BY name")
    .pluck()
    .all();
const searchCount = (text: string) =>
  app.prepare('SELECT count(*) FROM patron_search WHERE patron_search MATCH ?').pluck().get(text);

describe('the snapshot thread', () => {
  it('stopped in the middle of a page keeps the pages before it; the next snapshot resumes to the end', async () => {
    const first = new SnapshotWorker({ databasePath, version: 500, patronColumns });
    const now = new Date(stamp);
    expect(await first.write(page([libraryLine, ...patronLines(0, 1000)]), false, now)).toBe(1001);
    // A page long enough to be cut while it is written (as a crash or a closed app would cut it).
    const cut = first.write(page(patronLines(1000, 60_000)), false, now).catch((error: unknown) => error);
    await setTimeout(300);
    await first.close();
    expect(await cut).toMatchObject({ code: 'CANCELLED' });
    expect(patronCount()).toBe(1000);
    expect(state()).toEqual({ cursor: 0, snapshot_from: 500, snapshot_rows: 1001 });
    // The first page set the patron indexes aside, into an empty table.
    expect(deferred()).toEqual(secondaryIndexes);
    expect(patronIndexNames()).toEqual(uniqueConstraints);
    // A page buffers its search entries in a larger memory than SQLite's default, within its transaction only.
    expect(searchBuffer()).toBe(1024 * 1024);

    // A later snapshot (version 520) carries the same rows and more: the pull resumes over what landed.
    const again = new SnapshotWorker({ databasePath, version: 520, patronColumns });
    expect(await again.write(page([libraryLine, ...patronLines(0, 1500)]), true, now)).toBe(1501);
    await again.close();
    expect(patronCount()).toBe(1500);
    // The cursor ends at the first attempt's version: what changed since comes with the pull from there.
    expect(state()).toEqual({ cursor: 500, snapshot_from: null, snapshot_rows: 0 });
    expect(searchCount('C0000999')).toBe(1);
    expect(searchCount('C0001499')).toBe(1);
    // The later snapshot wrote into a table that was not empty, with the indexes still aside: its last
    // page built them.
    expect(deferred()).toEqual([]);
    expect(patronIndexNames()).toEqual([...secondaryIndexes, ...uniqueConstraints].sort());
  }, 60_000);

  it('a first sync’s thread stopped before its last page: the next start builds the set-aside indexes', async () => {
    const worker = new SnapshotWorker({ databasePath, version: 500, patronColumns });
    await worker.write(page([libraryLine, ...patronLines(0, 2000)]), false, new Date(stamp));
    await worker.close();
    expect(deferred()).toEqual(secondaryIndexes);
    app.close();

    const context = await openAppContext({ databasePath, version: 'test' });
    try {
      const sqlite = context.database.sqlite;
      expect(sqlite.prepare('SELECT name FROM deferred_index').all()).toEqual([]);
      const plan = sqlite
        .prepare("EXPLAIN QUERY PLAN SELECT num FROM patron WHERE name_key >= 'nom1' AND name_key < 'nom2'")
        .all() as { detail: string }[];
      expect(plan.map((step) => step.detail)).toContain(
        'SEARCH patron USING COVERING INDEX patron_by_person (name_key>? AND name_key<?)',
      );
    } finally {
      await context.close();
      app = new BetterSqlite3(databasePath);
    }
    expect(patronIndexNames()).toEqual([...secondaryIndexes, ...uniqueConstraints].sort());
  });

  it('an unreadable line is SYNC_SNAPSHOT_INVALID while its page is read, before the page is handed over', () => {
    const row = patronLines(0, 1)[0] as string;
    for (const line of [
      '["patron", "p"',
      row.replace('"C0000000"', '{"carte":"C0000000"}'),
      '["patron", "p", 2, ["trop court"]]',
    ]) {
      const reader = new PageReader(patronColumns);
      reader.add(libraryLine);
      expect(() => reader.add(line)).toThrow(expect.objectContaining({ code: 'SYNC_SNAPSHOT_INVALID' }));
    }
  });

  it('a page the thread fails to write refuses every later one', async () => {
    const worker = new SnapshotWorker({ databasePath, version: 500, patronColumns });
    const now = new Date(stamp);
    await worker.write(page([libraryLine, ...patronLines(0, 100)]), false, now);
    const outcome = (written: Promise<number>) => written.catch((error: unknown) => error);
    // A patron without a last name: the table refuses it, and the page rolls back whole.
    const nameless = patronLines(100, 101).map((line) => line.replace('"Nom100"', 'null'));
    const broken = outcome(worker.write(page([...patronLines(101, 200), ...nameless]), false, now));
    const later = outcome(worker.write(page(patronLines(200, 300)), true, now));
    expect(await broken).toMatchObject({ code: 'INTERNAL' });
    expect(await later).toMatchObject({ code: 'INTERNAL' });
    await worker.close();
    expect(patronCount()).toBe(100);
    expect(state()).toEqual({ cursor: 0, snapshot_from: 500, snapshot_rows: 101 });
  });

  it('waits while the app’s connection holds the write lock, then writes its page', async () => {
    const worker = new SnapshotWorker({ databasePath, version: 500, patronColumns });
    app.exec('BEGIN IMMEDIATE');
    app.prepare("UPDATE setting SET value = value WHERE key = 'staff_name'").run();
    let landed = false;
    const written = worker.write(page([libraryLine, ...patronLines(0, 100)]), true, new Date(stamp));
    written.then(
      () => {
        landed = true;
      },
      () => {},
    );
    await setTimeout(300);
    expect(landed).toBe(false);
    app.exec('COMMIT');
    expect(await written).toBe(101);
    await worker.close();
    expect(patronCount()).toBe(100);
  });
});
