import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../db/migrate.ts';
import { migrations } from '../../db/migrations/index.ts';
import {
  backupDirFor,
  createBackup,
  keptBackups,
  listBackups,
  restoreBackup,
} from '../../electron/services/backup/backups.ts';
import { keepDailyBackups } from '../../electron/services/backup/startup.ts';
import { openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { createApi } from '../../shared/api.ts';
import { AppError } from '../../shared/errors.ts';
import { openTestApp } from '../helpers/app.ts';
import { damageDatabaseFile } from '../helpers/damage.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

const dir = tempDir('mednum-backup-');
/** Files the app creates itself: each test counts the backups, and a first start takes none. */
const fromScratch = { fromScratch: true };

const libraryNames = (sqlite: BetterSqlite3.Database) =>
  sqlite.prepare('SELECT name FROM library ORDER BY name').pluck().all() as string[];

async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe('backups of a real database file', () => {
  it('backup.create writes a consistent, readable copy in sauvegardes/, listed newest first', async () => {
    const { context, api } = await openTestApp(dir, 'create.sqlite', undefined, fromScratch);
    await api.call('library.add', { name: 'Médiathèque de Figeac', commune: '46102', ils: 'koha' });
    const made = await api.call('backup.create', {});
    expect(made.id).toMatch(/^\d{8}T\d{9}Z-manuelle$/);
    expect(path.dirname(made.file)).toBe(path.join(dir, 'sauvegardes'));
    expect(path.basename(made.file)).toBe(`create.${made.id}.sqlite`);
    expect(Date.parse(made.at)).toBeGreaterThan(Date.now() - 60_000);
    const copy = new BetterSqlite3(made.file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(schemaVersion(copy)).toBe(migrations.length);
    expect(libraryNames(copy)).toEqual(['Médiathèque de Figeac']);
    copy.close();
    const second = await api.call('backup.create', {});
    expect((await api.call('backup.list', {})).map((b) => b.id)).toEqual([second.id, made.id]);
    expect(fs.readdirSync(backupDirFor(context.database.path)).some((f) => f.endsWith('.partial'))).toBe(
      false,
    );
  });

  it(`rotation keeps the ${keptBackups} newest and removes the oldest`, async () => {
    const { context } = await openTestApp(dir, 'rotation.sqlite', undefined, fromScratch);
    const start = Date.parse('2026-01-01T08:00:00Z');
    const made = Array.from({ length: keptBackups + 3 }, (_, i) =>
      createBackup(context.database.sqlite, 'quotidienne', new Date(start + i * 86_400_000)),
    );
    const kept = listBackups(context.database.path);
    expect(kept).toHaveLength(keptBackups);
    expect(kept.map((b) => b.id)).toEqual(
      made
        .slice(3)
        .map((b) => b.id)
        .reverse(),
    );
    for (const gone of made.slice(0, 3)) expect(fs.existsSync(gone.file)).toBe(false);
    // Another database in the same folder keeps its own backups.
    expect(listBackups(path.join(dir, 'create.sqlite')).length).toBeGreaterThan(0);
  });

  it('backup.restore puts a backup back, keeps the current file as a backup, and the app goes on', async () => {
    const { context, api } = await openTestApp(dir, 'restore.sqlite', undefined, fromScratch);
    await api.call('library.add', { name: 'Bibliothèque avant', commune: '46102', ils: 'koha' });
    const before = await api.call('backup.create', {});
    await api.call('library.add', { name: 'Bibliothèque après', commune: '46042', ils: 'pmb' });

    const { restored, safetyCopy } = await api.call('backup.restore', { id: before.id });
    expect(restored.id).toBe(before.id);
    expect(safetyCopy.reason).toBe('avant-restauration');
    // The app's own connection, still open, sees the restored database.
    expect((await api.call('library.list', {})).map((l) => l.name)).toEqual(['Bibliothèque avant']);
    expect(context.database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(context.database.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    // The restore itself can be undone: the safety copy holds what was there.
    const copy = new BetterSqlite3(safetyCopy.file, { readonly: true });
    expect(libraryNames(copy)).toEqual(['Bibliothèque après', 'Bibliothèque avant']);
    copy.close();
    // And the app writes on.
    await api.call('library.add', { name: 'Bibliothèque ensuite', commune: '46127', ils: 'pmb' });
    expect((await api.call('library.list', {})).map((l) => l.name).sort()).toEqual([
      'Bibliothèque avant',
      'Bibliothèque ensuite',
    ]);
  });

  it('refuses an unknown id, a malformed id and a damaged backup, changing nothing', async () => {
    const { context, api } = await openTestApp(dir, 'refuse.sqlite', undefined, fromScratch);
    await api.call('library.add', { name: 'Bibliothèque gardée', commune: '46102', ils: 'koha' });
    await expect(api.call('backup.restore', { id: '20200101T000000000Z-manuelle' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(api.call('backup.restore', { id: '../../etc/passwd' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    const made = await api.call('backup.create', {});
    damageDatabaseFile(made.file);
    await expect(api.call('backup.restore', { id: made.id })).rejects.toMatchObject({
      code: 'BACKUP_INVALID',
      message: expect.stringContaining('endommagée'),
    });
    expect(libraryNames(context.database.sqlite)).toEqual(['Bibliothèque gardée']);
    expect(listBackups(context.database.path).map((b) => b.reason)).toEqual(['manuelle']);
  });

  it('takes a backup before each import commit', async () => {
    const { api, context } = await openTestApp(dir, 'import.sqlite', undefined, fromScratch);
    const { id } = await api.call('library.add', { name: 'Médiathèque', commune: '46102', ils: 'koha' });
    const bytes = fs.readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'import', 'koha.csv'));
    const session = await api.call('import.open', {
      libraryId: id,
      fileName: 'koha.csv',
      content: bytes.toString('base64'),
    });
    await api.call('import.commit', { sessionId: session.sessionId });
    const [backup] = listBackups(context.database.path);
    expect(backup?.reason).toBe('avant-import');
    const copy = new BetterSqlite3(backup?.file as string, { readonly: true });
    // The copy is the database just before the batch: the library, no patron yet.
    expect(copy.prepare('SELECT count(*) FROM patron').pluck().get()).toBe(0);
    expect(libraryNames(copy)).toEqual(['Médiathèque']);
    copy.close();
    expect(context.database.sqlite.prepare('SELECT count(*) FROM patron').pluck().get()).toBeGreaterThan(0);
  });
});

describe('at start', () => {
  const open = (file: string, at: string, allowDamaged = false) =>
    openAppContext({ databasePath: file, version: 'test', now: () => new Date(at), allowDamaged });

  it('takes the daily backup when the newest is over 24 hours old, and not for a brand-new file', async () => {
    const file = path.join(dir, 'daily.sqlite');
    await (await open(file, '2026-03-02T08:00:00Z')).close();
    expect(listBackups(file)).toEqual([]);
    await (await open(file, '2026-03-02T09:00:00Z')).close();
    expect(listBackups(file).map((b) => b.id)).toEqual(['20260302T090000000Z-quotidienne']);
    await (await open(file, '2026-03-03T08:59:00Z')).close();
    expect(listBackups(file)).toHaveLength(1);
    await (await open(file, '2026-03-03T09:00:01Z')).close();
    expect(listBackups(file).map((b) => b.id)).toEqual([
      '20260303T090001000Z-quotidienne',
      '20260302T090000000Z-quotidienne',
    ]);
  });

  it('removes backups older than the retention period when it takes the daily one', async () => {
    const file = path.join(dir, 'retention.sqlite');
    await (await open(file, '2026-01-10T08:00:00Z')).close();
    await (await open(file, '2026-01-10T09:00:00Z')).close();
    const context = await open(file, '2026-02-01T09:00:00Z');
    await createApi(localInvoke(openGate(context))).call('retention.update', { months: 6, noExpiry: 'keep' });
    await context.close();
    expect(listBackups(file)).toHaveLength(2);
    // Seven months on: the January backups hold people the rule has removed since; the new daily one stays.
    await (await open(file, '2026-09-01T09:00:00Z')).close();
    expect(listBackups(file).map((b) => b.id)).toEqual(['20260901T090000000Z-quotidienne']);
  });

  it('a long-lived door looks at the daily backup again while it stays open', async () => {
    const file = path.join(dir, 'long-lived.sqlite');
    await (await open(file, '2026-03-02T08:00:00Z')).close();
    const context = await open(file, '2026-03-02T09:00:00Z');
    expect(listBackups(file)).toHaveLength(1);
    let clock = new Date('2026-03-02T10:00:00Z');
    const stop = keepDailyBackups(context.database, { now: () => clock, log: context.log, everyMs: 20 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(listBackups(file)).toHaveLength(1);
      clock = new Date('2026-03-03T09:30:00Z');
      await expect
        .poll(() => listBackups(file).map((b) => b.id))
        .toContain('20260303T093000000Z-quotidienne');
      expect(listBackups(file)).toHaveLength(2);
    } finally {
      stop();
      await context.close();
    }
  });

  it('backs up a file before migrating it, in the same folder and naming as every backup', async () => {
    const file = path.join(dir, 'old-schema.sqlite');
    const sqlite = new BetterSqlite3(file);
    migrate(sqlite, { target: migrations.length - 1 });
    sqlite.close();
    const context = await open(file, '2026-04-01T10:00:00Z');
    expect(schemaVersion(context.database.sqlite)).toBe(migrations.length);
    await context.close();
    const from = migrations.length - 1;
    expect(listBackups(file).map((b) => b.reason)).toContain(
      `avant-migration-v${from}-v${migrations.length}`,
    );
  });

  it('refuses a damaged file with DB_CORRUPT, names the backup to restore, and the restore brings it back', async () => {
    const file = path.join(dir, 'damaged.sqlite');
    const first = await open(file, '2026-05-01T08:00:00Z');
    const api = createApi(localInvoke(openGate(first)));
    await api.call('library.add', { name: 'Bibliothèque sauvée', commune: '46102', ils: 'koha', by: 'T' });
    const saved = await api.call('backup.create', {});
    await first.close();
    damageDatabaseFile(file);

    const error = await expectAppError(open(file, '2026-05-01T09:00:00Z'), 'DB_CORRUPT');
    expect(error.message).toContain('endommagée');
    expect(error.message).toContain(`mednum backup restore ${saved.id}`);

    // What `mednum backup restore` does: open for a restore only, then restore.
    const damaged = await open(file, '2026-05-01T09:01:00Z', true);
    expect(damaged.database.damaged).toBe(true);
    const recovery = createApi(localInvoke(openGate(damaged)));
    const { safetyCopy } = await recovery.call('backup.restore', { id: saved.id });
    expect(safetyCopy.reason).toMatch(/^avant-restauration/);
    await damaged.close();

    const healed = await open(file, '2026-05-01T09:02:00Z');
    expect(healed.database.damaged).toBe(false);
    expect(libraryNames(healed.database.sqlite)).toEqual(['Bibliothèque sauvée']);
    await healed.close();
  });

  it('replaces a file whose header is destroyed (not even a database any more)', async () => {
    const file = path.join(dir, 'header.sqlite');
    const first = await open(file, '2026-06-01T08:00:00Z');
    createBackup(first.database.sqlite, 'manuelle', new Date('2026-06-01T08:00:00Z'));
    await first.close();
    fs.writeFileSync(file, Buffer.alloc(8192, 0x41));
    const [saved] = listBackups(file);
    const result = await restoreBackup(file, saved?.id as string, { now: new Date('2026-06-01T09:00:00Z') });
    expect(result.safetyCopy.reason).toBe('avant-restauration-endommagee');
    const healed = await open(file, '2026-06-01T09:01:00Z');
    expect(healed.database.sqlite.pragma('quick_check', { simple: true })).toBe('ok');
    await healed.close();
  });
});
