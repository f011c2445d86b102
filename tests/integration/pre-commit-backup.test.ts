import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupDirFor, listBackups } from '../../electron/services/backup/backups.ts';
import { generatePatronFile } from '../bench/patron-file.ts';
import { openTestApp } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir('mednum-pre-commit-');

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
      const file = generatePatronFile({ rows, prefix, seed: rows, badShare: 0 });
      const session = await api.call('import.open', {
        libraryId: id,
        fileName: `${prefix}.csv`,
        content: file.bytes.toString('base64'),
      });
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

  it('refuses the import, writing nothing, when the backup cannot be written', async () => {
    const { api, context } = await openTestApp(dir, 'refused.sqlite');
    const { id } = await api.call('library.add', { name: 'Médiathèque', commune: '46102', ils: 'koha' });
    // A file where the backup folder should be: no backup can be written there.
    fs.rmSync(backupDirFor(context.database.path), { recursive: true, force: true });
    fs.writeFileSync(backupDirFor(context.database.path), 'pas un dossier');
    const file = generatePatronFile({ rows: 5_000, prefix: 'REFUS', seed: 5, badShare: 0 });
    const session = await api.call('import.open', {
      libraryId: id,
      fileName: 'refus.csv',
      content: file.bytes.toString('base64'),
    });
    await expect(api.call('import.commit', { sessionId: session.sessionId })).rejects.toMatchObject({
      code: 'BACKUP_FAILED',
      message: expect.stringContaining('sauvegarde'),
    });
    await api.call('import.cancel', { sessionId: session.sessionId });
    expect(context.database.sqlite.prepare('SELECT count(*) FROM patron').pluck().get()).toBe(0);
    expect(context.database.sqlite.prepare('SELECT count(*) FROM import_batch').pluck().get()).toBe(0);
  });
});
