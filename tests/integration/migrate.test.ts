import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../db/migrate.ts';
import type { Migration } from '../../db/migrations/migration.ts';
import { openDatabase } from '../../db/open.ts';
import { AppError } from '../../shared/errors.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();

const first: Migration = { version: 1, name: 'first', up: (db) => db.exec('create table note (body text)') };
const second: Migration = {
  version: 2,
  name: 'second',
  up: (db) => db.exec('alter table note add column author text'),
};
const broken: Migration = {
  version: 2,
  name: 'broken',
  up: (db) => {
    db.exec('alter table note add column author text');
    throw new Error('boom');
  },
};

describe('the migration runner', () => {
  it('copies a file that holds data before changing its schema, and the copy keeps the data', () => {
    const file = path.join(dir, 'with-data.sqlite');
    const sqlite = new BetterSqlite3(file);
    migrate(sqlite, { migrations: [first] });
    sqlite.prepare("insert into note values ('garder')").run();

    const backupDir = path.join(dir, 'backups');
    const { from, to, backupPath } = migrate(sqlite, { migrations: [first, second], backupDir });
    expect([from, to]).toEqual([1, 2]);
    expect(backupPath).not.toBeNull();
    const copy = new BetterSqlite3(backupPath as string, { readonly: true });
    expect(schemaVersion(copy)).toBe(1);
    expect(copy.prepare('select body from note').pluck().all()).toEqual(['garder']);
    copy.close();
    sqlite.close();
  });

  it('takes no copy of a brand-new file, which has nothing to lose', () => {
    const sqlite = new BetterSqlite3(path.join(dir, 'new.sqlite'));
    const backupDir = path.join(dir, 'no-backups');
    expect(migrate(sqlite, { migrations: [first], backupDir }).backupPath).toBeNull();
    expect(fs.existsSync(backupDir)).toBe(false);
    sqlite.close();
  });

  it('leaves the file at the last good version when a migration fails', () => {
    const sqlite = new BetterSqlite3(path.join(dir, 'broken.sqlite'));
    migrate(sqlite, { migrations: [first] });
    expect(() => migrate(sqlite, { migrations: [first, broken] })).toThrow('boom');
    expect(schemaVersion(sqlite)).toBe(1);
    const columns = sqlite.prepare('select name from pragma_table_info(?)').pluck().all('note');
    expect(columns).toEqual(['body']);
    sqlite.close();
  });

  it('refuses a file written by a newer version of the app, in French', () => {
    const sqlite = new BetterSqlite3(path.join(dir, 'newer.sqlite'));
    sqlite.pragma('user_version = 99');
    expect(() => migrate(sqlite)).toThrow(AppError);
    try {
      migrate(sqlite);
    } catch (error) {
      expect((error as AppError).code).toBe('DB_NEWER_THAN_APP');
      expect((error as AppError).message).toMatch(/mettez l’application à jour/);
    }
    sqlite.close();
  });
});

describe('openDatabase', () => {
  it('opens in WAL mode with foreign keys, never blocking on a lock (waits are asynchronous), migrated to the latest version', async () => {
    const opened = openDatabase(path.join(dir, 'app.sqlite'));
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(opened.sqlite.pragma('busy_timeout', { simple: true })).toBe(0);
    expect(schemaVersion(opened.sqlite)).toBeGreaterThanOrEqual(1);
    await opened.close();
  });

  it('reports a missing folder and a file that is not a database with French messages', () => {
    expect(() => openDatabase('/nonexistent/dir/x.sqlite')).toThrow(
      /le dossier « \/nonexistent\/dir » n’existe pas/,
    );
    const junk = path.join(dir, 'junk.sqlite');
    fs.writeFileSync(
      junk,
      'ceci n’est pas une base SQLite, mais un texte assez long pour en avoir l’air.'.repeat(20),
    );
    expect(() => openDatabase(junk)).toThrow(/n’est pas une base de données mednum-admin/);
    expect(fs.readFileSync(junk, 'utf8')).toMatch(/^ceci n’est pas/);
  });
});
