import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBackup } from '../../db/backup.ts';
import type { AppContext } from '../../electron/services/context.ts';
import type { Api } from '../../shared/api.ts';
import { AppError, toErrorPayload } from '../../shared/errors.ts';
import { generatePatronFile } from '../bench/patron-file.ts';
import { openTestApp } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';
import { fillUp, mountTinyFilesystem } from '../helpers/tiny-filesystem.ts';

/**
 * A full disk must be reported in French with a stable code (DISK_FULL), and leave the database exactly
 * as it was. The real thing: a small tmpfs, filled up, under the database; mounting one needs root (as
 * here in CI). Without it, that part is skipped and says why; the write failure at the file-system
 * boundary is still exercised through /dev/full, which refuses every write with ENOSPC.
 */

const snapshot = (sqlite: BetterSqlite3.Database) => ({
  integrity: sqlite.pragma('integrity_check', { simple: true }),
  patrons: sqlite.prepare('SELECT count(*) FROM patron').pluck().get(),
  batches: sqlite.prepare('SELECT count(*) FROM import_batch').pluck().get(),
  cards: sqlite
    .prepare('SELECT group_concat(card_number) FROM (SELECT card_number FROM patron ORDER BY 1)')
    .pluck()
    .get(),
  libraries: sqlite.prepare('SELECT count(*) FROM library').pluck().get(),
});

describe('a write refused by the file system (/dev/full, any user)', () => {
  it('a backup that cannot be written is DISK_FULL in French, leaves no partial file, changes nothing', async () => {
    const dir = tempDir('mednum-devfull-');
    const { context } = await openTestApp(dir, 'devfull.sqlite', undefined, { fromScratch: true });
    const before = snapshot(context.database.sqlite);
    const target = path.join(dir, 'sauvegardes');
    fs.mkdirSync(target);
    // The copy's temporary name leads to /dev/full, a device that refuses every write with ENOSPC.
    const partial = path.join(target, 'devfull.19700101T000000000Z-manuelle.sqlite.partial');
    fs.symlinkSync('/dev/full', partial);
    let error: unknown;
    try {
      writeBackup(context.database.sqlite, target, 'manuelle', new Date(0));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/^Disque plein/) });
    expect((error as AppError).cause).toMatchObject({ code: 'SQLITE_FULL' });
    expect(fs.readdirSync(target)).toEqual([]);
    expect(snapshot(context.database.sqlite)).toEqual(before);
  });

  it('any SQLITE_FULL or ENOSPC crossing a door becomes DISK_FULL, in French', () => {
    for (const code of ['SQLITE_FULL', 'ENOSPC'])
      expect(toErrorPayload(Object.assign(new Error('x'), { code }))).toMatchObject({
        code: 'DISK_FULL',
        message: expect.stringContaining('Libérez de la place'),
      });
  });
});

const tiny = mountTinyFilesystem(48);
if (!tiny)
  console.warn(
    'Test « disque plein pendant un import » ignoré : monter un petit système de fichiers (tmpfs) demande les droits root sous Linux.',
  );

describe.skipIf(!tiny)('a full disk during an import (a real 48 MB tmpfs, filled up)', () => {
  const root = tiny as string;
  const elsewhere = tempDir('mednum-tinyfs-backups-');
  let context: AppContext;
  let api: Api;
  let libraryId: string;
  let filler: string | null = null;
  const file = generatePatronFile({ rows: 30_000, prefix: 'PLEIN', seed: 7, badShare: 0 });

  beforeAll(async () => {
    ({ context, api } = await openTestApp(root, 'plein.sqlite'));
    libraryId = (await api.call('library.add', { name: 'Médiathèque pleine', commune: '46102', ils: 'koha' }))
      .id;
    // A first, small import: the database holds patrons that must survive.
    const first = generatePatronFile({ rows: 200, prefix: 'GARDE', seed: 3, badShare: 0 });
    const session = await api.call('import.open', {
      libraryId,
      fileName: 'garde.csv',
      content: first.bytes.toString('base64'),
    });
    await api.call('import.commit', { sessionId: session.sessionId });
  });

  afterAll(() => {
    try {
      execFileSync('umount', ['-l', root], { stdio: 'ignore' });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  async function openLargeImport() {
    return api.call('import.open', {
      libraryId,
      fileName: 'gros-fichier.csv',
      content: file.bytes.toString('base64'),
    });
  }

  it('the backup before the commit meets the full disk: DISK_FULL, nothing imported, no partial copy', async () => {
    const before = snapshot(context.database.sqlite);
    // Full from the file's opening: the copy begun then fails, and so does the one the commit takes again.
    filler = fillUp(root);
    const session = await openLargeImport();
    await expect(api.call('import.commit', { sessionId: session.sessionId })).rejects.toMatchObject({
      code: 'DISK_FULL',
      message: expect.stringMatching(/^Disque plein : la sauvegarde/),
    });
    await api.call('import.cancel', { sessionId: session.sessionId });
    expect(snapshot(context.database.sqlite)).toEqual(before);
    expect(fs.readdirSync(path.join(root, 'sauvegardes')).filter((f) => f.endsWith('.partial'))).toEqual([]);
    fs.rmSync(filler);
  });

  it('the commit itself meets the full disk: DISK_FULL, the database intact with the same rows, and usable after', async () => {
    // Backups go to another disk (a link), so the backup succeeds and the commit is what fills this one.
    fs.rmSync(path.join(root, 'sauvegardes'), { recursive: true, force: true });
    fs.symlinkSync(elsewhere, path.join(root, 'sauvegardes'));
    const before = snapshot(context.database.sqlite);
    expect(before.patrons).toBe(200);
    const session = await openLargeImport();
    filler = fillUp(root);
    await expect(api.call('import.commit', { sessionId: session.sessionId })).rejects.toMatchObject({
      code: 'DISK_FULL',
      message: expect.stringMatching(
        /^Disque plein : l’opération .* la base de données est restée telle quelle/,
      ),
    });
    await api.call('import.cancel', { sessionId: session.sessionId });
    expect(snapshot(context.database.sqlite)).toEqual(before);
    // A fresh connection (what the next start would see) agrees.
    const fresh = new BetterSqlite3(context.database.path, { readonly: true });
    expect(snapshot(fresh)).toEqual(before);
    fresh.close();

    // Room again: the same import goes through.
    fs.rmSync(filler);
    const retry = await openLargeImport();
    const { counts } = await api.call('import.commit', { sessionId: retry.sessionId });
    expect(counts.created).toBe(30_000);
    // Checked from a fresh connection: PRAGMA integrity_check reads the full-text index through the
    // structure a connection cached, and the app's own connection did not see the worker's commit yet.
    const reopened = new BetterSqlite3(context.database.path, { readonly: true });
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.close();
  });
});
