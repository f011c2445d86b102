import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupDirFor, listBackups } from '../../electron/services/backup/backups.ts';
import { openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { type Api, createApi } from '../../shared/api.ts';
import { generatePatronFile } from '../bench/patron-file.ts';
import { openTestApp } from '../helpers/app.ts';
import { placeSeededDatabase } from '../helpers/seeded-database.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir('mednum-pre-commit-');

/** Opens the import of a generated file of `rows` patrons whose cards start with `prefix` (its seed `seed`). */
function openGenerated(api: Api, libraryId: string, prefix: string, rows: number, seed: number) {
  const file = generatePatronFile({ rows, prefix, seed, badShare: 0 });
  return api.call('import.open', {
    libraryId,
    fileName: `${prefix.toLowerCase()}.csv`,
    content: file.bytes.toString('base64'),
  });
}

/**
 * The backup before an import commit is copied while the import worker writes (see
 * electron/services/import/pre-commit-backup.ts): it must still be the database exactly as it was before
 * the batch, and a backup that cannot be written must refuse the import.
 */
describe('the backup taken while an import commits', () => {
  it('is the database before the batch, even when the batch is large enough to overlap the copy', async () => {
    const { api, context } = await openTestApp(dir, 'overlap.sqlite');
    const { id } = await api.call('library.add', { name: 'Médiathèque', commune: '46102', ils: 'koha' });
    for (const [prefix, rows] of [
      ['AVANT', 20_000],
      ['PENDANT', 40_000],
    ] as const) {
      const session = await openGenerated(api, id, prefix, rows, rows);
      await api.call('import.commit', { sessionId: session.sessionId });
    }
    const [newest] = listBackups(context.database.path);
    expect(newest?.reason).toBe('avant-import');
    const copy = new BetterSqlite3(newest?.file as string, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT count(*) FROM patron').pluck().get()).toBe(20_000);
    expect(copy.prepare("SELECT count(*) FROM patron WHERE card_number LIKE 'PENDANT%'").pluck().get()).toBe(
      0,
    );
    expect(copy.prepare('SELECT count(*) FROM import_batch').pluck().get()).toBe(1);
    copy.close();
    expect(context.database.sqlite.prepare('SELECT count(*) FROM patron').pluck().get()).toBe(60_000);
    expect(fs.readdirSync(backupDirFor(context.database.path)).filter((f) => f.endsWith('.partial'))).toEqual(
      [],
    );
  });

  it('is copied while the file is read, and serves the commit when nothing was committed since', async () => {
    const { api, context } = await openTestApp(dir, 'early.sqlite');
    const { id } = await api.call('library.add', { name: 'Médiathèque', commune: '46102', ils: 'koha' });
    const session = await openGenerated(api, id, 'TOT', 5_000, 11);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const commitAsked = new Date();
    await api.call('import.commit', { sessionId: session.sessionId });
    const backups = listBackups(context.database.path).filter((b) => b.reason === 'avant-import');
    expect(backups).toHaveLength(1);
    // Named when it began: at the opening, before the commit was asked.
    expect(new Date(backups[0]?.at as string).getTime()).toBeLessThan(commitAsked.getTime());
    const copy = new BetterSqlite3(backups[0]?.file as string, { readonly: true });
    expect(copy.prepare('SELECT count(*) FROM patron').pluck().get()).toBe(0);
    copy.close();
  });

  it('is taken again at the commit when a staff edit landed while the first copy was being made', async () => {
    const { api, context } = await openTestApp(dir, 'edited.sqlite');
    const { id } = await api.call('library.add', { name: 'Médiathèque', commune: '46102', ils: 'koha' });
    // A base large enough that its copy is still running when the edit commits on the app's connection.
    const earlier = await openGenerated(api, id, 'AVANT', 30_000, 3);
    await api.call('import.commit', { sessionId: earlier.sessionId });
    const opening = openGenerated(api, id, 'APRES', 5_000, 12);
    // The edit commits while the copy is on disk half-written: after its snapshot, before its end.
    const partial = () =>
      fs.readdirSync(backupDirFor(context.database.path)).some((f) => f.endsWith('.partial'));
    while (!partial()) await new Promise((resolve) => setImmediate(resolve));
    await api.call('library.update', { id, name: 'Médiathèque Champollion' });
    expect(partial()).toBe(true);
    const session = await opening;
    await api.call('import.commit', { sessionId: session.sessionId });
    const backups = listBackups(context.database.path).filter((b) => b.reason === 'avant-import');
    // One per commit: the copy begun at the opening, older than the edit, was removed.
    expect(backups).toHaveLength(2);
    const copy = new BetterSqlite3(backups[0]?.file as string, { readonly: true });
    expect(copy.prepare('SELECT name FROM library WHERE id = ?').pluck().get(id)).toBe(
      'Médiathèque Champollion',
    );
    expect(copy.prepare('SELECT count(*) FROM patron').pluck().get()).toBe(30_000);
    copy.close();
  });

  it('is begun when the library is picked, and serves the next file unless something was committed since', async () => {
    const databasePath = path.join(dir, 'prepared.sqlite');
    await placeSeededDatabase(databasePath);
    const context = await openAppContext({ databasePath, version: 'test', prepareImportWorker: true });
    try {
      const api = createApi(localInvoke(openGate(context)));
      await api.call('settings.update', { staffName: 'Claire Agent' });
      const { id } = await api.call('library.add', { name: 'Médiathèque', commune: '46102', ils: 'koha' });
      const importFile = async (prefix: string, seed: number) => {
        const session = await openGenerated(api, id, prefix, 2_000, seed);
        await api.call('import.commit', { sessionId: session.sessionId });
      };
      const beforeImport = () => listBackups(databasePath).filter((b) => b.reason === 'avant-import');

      await api.call('import.prepare', { libraryId: id });
      // The copy is made while the librarian chooses the file.
      await expect.poll(() => beforeImport().length, { timeout: 10_000 }).toBe(1);
      const copied = beforeImport()[0]?.id;
      await importFile('PREMIER', 21);
      expect(beforeImport().map((b) => b.id)).toEqual([copied]);

      await api.call('import.prepare', { libraryId: id });
      await api.call('library.update', { id, name: 'Médiathèque Champollion' });
      await importFile('SECOND', 22);
      // The copy begun at the choice was older than the edit: the opening took another, the first removed.
      const [newest, ...older] = beforeImport();
      expect(older.map((b) => b.id)).toEqual([copied]);
      const copy = new BetterSqlite3(newest?.file as string, { readonly: true });
      expect(copy.prepare('SELECT name FROM library WHERE id = ?').pluck().get(id)).toBe(
        'Médiathèque Champollion',
      );
      expect(copy.prepare('SELECT count(*) FROM patron').pluck().get()).toBe(2_000);
      copy.close();
    } finally {
      await context.close();
    }
  });

  it('is removed when the import is cancelled', async () => {
    const { api, context } = await openTestApp(dir, 'cancelled.sqlite');
    const { id } = await api.call('library.add', { name: 'Médiathèque', commune: '46102', ils: 'koha' });
    const before = listBackups(context.database.path).map((b) => b.id);
    const session = await openGenerated(api, id, 'ANNULE', 2_000, 13);
    await api.call('import.cancel', { sessionId: session.sessionId });
    expect(listBackups(context.database.path).map((b) => b.id)).toEqual(before);
    expect(fs.readdirSync(backupDirFor(context.database.path)).filter((f) => f.endsWith('.partial'))).toEqual(
      [],
    );
  });

  it('refuses the import, writing nothing, when the backup cannot be written', async () => {
    const { api, context } = await openTestApp(dir, 'refused.sqlite');
    const { id } = await api.call('library.add', { name: 'Médiathèque', commune: '46102', ils: 'koha' });
    // A file where the backup folder should be: no backup can be written there.
    fs.rmSync(backupDirFor(context.database.path), { recursive: true, force: true });
    fs.writeFileSync(backupDirFor(context.database.path), 'pas un dossier');
    const session = await openGenerated(api, id, 'REFUS', 5_000, 5);
    await expect(api.call('import.commit', { sessionId: session.sessionId })).rejects.toMatchObject({
      code: 'BACKUP_FAILED',
      message: expect.stringContaining('sauvegarde'),
    });
    await api.call('import.cancel', { sessionId: session.sessionId });
    expect(context.database.sqlite.prepare('SELECT count(*) FROM patron').pluck().get()).toBe(0);
    expect(context.database.sqlite.prepare('SELECT count(*) FROM import_batch').pluck().get()).toBe(0);
  });
});
