import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withoutAutoCheckpoint } from '../../db/pragmas.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * After an import's commit, the app's next write (the mapping profile, the audit line) must not copy the
 * batch's WAL into the file on the main thread: the import worker checkpoints right after, off it.
 */
const dir = tempDir('mednum-auto-checkpoint-');

/** The database's size in pages as the file's own header says: it moves only when a checkpoint writes the file. */
const pagesInFile = (file: string) => {
  const header = Buffer.alloc(32);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, header, 0, 32, 0);
  fs.closeSync(fd);
  return header.readUInt32BE(28);
};

describe('withoutAutoCheckpoint', () => {
  it('leaves the WAL to the worker during its work, then checkpoints at the threshold it had', async () => {
    const file = path.join(dir, 'base.sqlite');
    const sqlite = new BetterSqlite3(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('wal_autocheckpoint = 16');
    sqlite.exec('CREATE TABLE filler (text TEXT)');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const insert = sqlite.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
       INSERT INTO filler SELECT hex(randomblob(2000)) FROM n`,
    );
    const before = pagesInFile(file);

    // Some 100 pages, past the threshold of 16: without the helper, this commit would checkpoint them.
    await withoutAutoCheckpoint(sqlite, async () => {
      insert.run();
    });
    expect(pagesInFile(file)).toBe(before);
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(16);

    // Put back even when the work fails.
    await expect(
      withoutAutoCheckpoint(sqlite, async () => {
        throw new Error('refusé');
      }),
    ).rejects.toThrow('refusé');
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(16);

    // The next commit, with the threshold back, checkpoints as before.
    insert.run();
    expect(pagesInFile(file)).toBeGreaterThan(before + 100);
    sqlite.close();
  });
});
