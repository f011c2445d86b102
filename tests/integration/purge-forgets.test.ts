import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContext, startCentral } from '../../central/app.ts';
import { backupDirFor } from '../../electron/services/backup/backups.ts';
import { backends } from '../central/backends.ts';
import { placeMigratedPgliteDir } from '../helpers/pglite-template.ts';
import { tempDir } from '../helpers/temp.ts';
import { type Desktop, openDesktop } from '../sync/helpers/desktop.ts';

/**
 * The retention purge must FORGET: a patron named ZORGLUBPURGE, imported from two exports (the later one
 * names them in a warned row and in a rejected row without a card number, so a stored report names
 * them), backed up and synced, is purged under the stored rule — then the name and the e-mail are
 * searched with the real `strings` in every file beside the database (the file, its WAL, every backup,
 * logs, kept reports), in every import report, and in every table of the central service.
 */
const exports = ['purge-janvier.csv', 'purge-fevrier.csv'].map((fileName) => ({
  fileName,
  content: fs.readFileSync(path.join(import.meta.dirname, '../fixtures/import', fileName)),
}));
const password = 'cheval agrafe pile correcte';

/** Lines of `strings` over a file that mention the purged person (their name, or their e-mail). */
function traces(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const text = execFileSync('/usr/bin/strings', ['-a', '-n', '6', file], {
    maxBuffer: 512 * 1024 * 1024,
  }).toString();
  return text.split('\n').filter((line) => /zorglub/i.test(line));
}

/** The text of every stored import report, oldest import first, as staff download them. */
async function reportsText(pc: Desktop): Promise<string[]> {
  const batches = await pc.api.call('import.list', {});
  const texts: string[] = [];
  for (const batch of [...batches].sort((a, b) => a.committedAt.localeCompare(b.committedAt))) {
    const report = await pc.api.call('import.report', { batchId: batch.id, format: 'csv' });
    texts.push(Buffer.from(report.content, 'base64').toString('utf8'));
  }
  return texts;
}

/** Every file under `dir`, however deep. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe.each(backends)('a purged patron leaves no trace ($name)', (backend) => {
  const dir = tempDir('mednum-purge-');
  let store: Awaited<ReturnType<(typeof backend)['fresh']>>;
  let central: Awaited<ReturnType<typeof startCentral>>;
  let pc: Desktop;
  let purged: { purged: number; backupsRemoved: number };

  beforeAll(async () => {
    store = await backend.fresh();
    // A copy of the run's migrated PGlite folder, not initdb and the migrations in WebAssembly.
    if (store.options.dataDir) await placeMigratedPgliteDir(store.options.dataDir);
    central = await startCentral({ ...store.options, keyFile: path.join(dir, 'cles.json') });
    await central.addUser('claire@lot.fr', 'agent', password);
    pc = await openDesktop(dir, 'Claire');
    await pc.api.call('sync.login', { serverUrl: central.url, email: 'claire@lot.fr', password });
    const library = await pc.api.call('library.add', {
      name: 'Médiathèque de Figeac',
      commune: '46102',
      ils: 'koha',
    });
    for (const { fileName, content } of exports) {
      const session = await pc.api.call('import.open', {
        libraryId: library.id,
        fileName,
        content: content.toString('base64'),
      });
      await pc.api.call('import.commit', { sessionId: session.sessionId });
    }
    // The later report names them twice, warned and rejected (the first, none: an ended subscription is
    // not an error of the file).
    const reports = await reportsText(pc);
    expect(reports.map((text) => text.match(/ZORGLUBPURGE/g)?.length ?? 0)).toEqual([0, 2]);
    await pc.api.call('backup.create', {});
    await pc.api.call('sync.now', {});
    // Before the purge, the traces this test looks for are there: the search below finds what it seeks.
    expect(
      traces(pc.context.database.path).length + traces(`${pc.context.database.path}-wal`).length,
    ).toBeGreaterThan(0);
    // The stored rule, not an argument: the purge staff run from the RGPD page and the CLI.
    await pc.api.call('retention.update', { months: 12, noExpiry: 'unregistered' });
    purged = await pc.api.call('patron.purge', {});
    await pc.api.call('sync.now', {});
  });

  afterAll(async () => {
    await central.close().catch(() => {});
    await store.dispose();
  });

  it('purges them, keeps the others, and replaces the backups that held them', async () => {
    expect(purged.purged).toBe(1);
    expect(purged.backupsRemoved).toBeGreaterThanOrEqual(1);
    const left = await pc.api.call('patron.search', { text: '', status: 'all' });
    expect(left.patrons.map((p) => p.lastName)).toEqual(['GARDEE']);
  });

  it('leaves the name and the e-mail nowhere in the database file or its WAL', () => {
    expect(traces(pc.context.database.path)).toEqual([]);
    expect(traces(`${pc.context.database.path}-wal`)).toEqual([]);
  });

  it('nor in any backup kept, nor any other file beside the database (logs, kept reports)', () => {
    const backups = fs.readdirSync(backupDirFor(pc.context.database.path));
    expect(backups.length).toBeGreaterThan(0);
    const files = filesUnder(path.dirname(pc.context.database.path));
    expect(files.length).toBeGreaterThan(backups.length);
    expect(files.flatMap((file) => traces(file).map((line) => `${file}: ${line}`))).toEqual([]);
  });

  it('nor in any stored import report', async () => {
    const reports = await reportsText(pc);
    expect(reports).toHaveLength(2);
    for (const text of reports) expect(text).not.toMatch(/zorglub/i);
    // Only theirs: the kept patron's rejected row, without a card number too, is still reported.
    expect(reports[1]).toMatch(/;GARDEE;Anne;Rejetée;/);
  });

  it('nor in any table of the central service', async () => {
    await central.close();
    const { ctx, database } = await openContext({ ...store.options, keyFile: path.join(dir, 'cles.json') });
    try {
      const tables = await sql<{ name: string }>`
        SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`.execute(ctx.db);
      const found: string[] = [];
      for (const { name: table } of tables.rows) {
        const rows = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(table)} t`.execute(
          ctx.db,
        );
        for (const { row } of rows.rows)
          if (/zorglub/i.test(row)) found.push(`${table}: ${row.slice(0, 120)}`);
      }
      const chunks = await ctx.db.selectFrom('import_chunk').select('body').execute();
      for (const { body } of chunks)
        if (/zorglub/i.test(gunzipSync(body).toString('utf8'))) found.push('import_chunk: a stored chunk');
      expect(found).toEqual([]);
      // The purge did reach the server: the other patron is still there, the purged one a bare tombstone.
      const patrons = await ctx.db
        .selectFrom('sync_row')
        .select(['deleted', 'data'])
        .where('table_name', '=', 'patron')
        .execute();
      expect(patrons.filter((row) => !row.deleted)).toHaveLength(1);
      expect(patrons.filter((row) => row.deleted).map((row) => row.data)).toEqual([{}]);
    } finally {
      await database.close();
    }
  });
});
