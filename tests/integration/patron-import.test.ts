import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/services/context.ts';
import type { Api } from '../../shared/api.ts';
import { openTestApp } from '../helpers/app.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'import', name));
let api: Api;
let context: AppContext;
let libraryA: string;
let libraryB: string;
let libraryC: string;

async function importFile(
  libraryId: string,
  fileName: string,
  bytes: Buffer,
  mode: 'incremental' | 'full' = 'incremental',
) {
  const session = await api.call('import.open', {
    libraryId,
    fileName,
    content: bytes.toString('base64'),
    mode,
  });
  const { batchId, counts } = await api.call('import.commit', { sessionId: session.sessionId });
  return { session, batchId, counts };
}

const patrons = (libraryId: string) =>
  context.database.sqlite
    .prepare(
      'SELECT card_number, last_name, first_name, email, registered FROM patron WHERE library_id = ? ORDER BY card_number',
    )
    .all(libraryId) as {
    card_number: string;
    last_name: string;
    first_name: string;
    email: string | null;
    registered: number;
  }[];

beforeAll(async () => {
  ({ api, context } = await openTestApp(dir, 'patrons.sqlite'));
  libraryA = (
    await api.call('library.add', { name: 'Médiathèque A', commune: '46102', ils: 'other', code: 'BIB-A' })
  ).id;
  libraryB = (
    await api.call('library.add', { name: 'Médiathèque B', commune: '46042', ils: 'koha', code: 'BIB-B' })
  ).id;
  libraryC = (
    await api.call('library.add', { name: 'Bibliothèque C', commune: '46127', ils: 'pmb', code: 'BIB-C' })
  ).id;
});

describe('import progress', () => {
  it('answers "nothing running" for a session not open yet, or already closed', async () => {
    expect(await api.call('import.progress', { sessionId: '01a21347-0000-7000-8000-000000000000' })).toEqual({
      running: false,
      progress: null,
    });
  });
});

describe('a French Excel export (Windows-1252, “;”, dd/mm/yyyy)', () => {
  let batchId: string;

  it('is previewed with every rejected row and its reason before anything is written', async () => {
    const session = await api.call('import.open', {
      libraryId: libraryA,
      fileName: 'francais-excel.csv',
      content: fixture('francais-excel.csv').toString('base64'),
    });
    expect(session).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ';' });
    expect(session.mapping).toMatchObject({
      cardNumber: 0,
      lastName: 1,
      firstName: 2,
      birthDate: 3,
      email: 4,
    });
    const rejected = await api.call('import.preview', { sessionId: session.sessionId, outcome: 'rejected' });
    const reasons = rejected.rows.map((r) => r.rejections.map((i) => i.code).join(','));
    expect(reasons).toEqual(
      expect.arrayContaining([
        'card_number_missing',
        'last_name_missing',
        'birth_date_invalid',
        'birth_date_in_future',
      ]),
    );
    expect(patrons(libraryA)).toEqual([]);
    await api.call('import.cancel', { sessionId: session.sessionId });
  });

  it('commits the valid rows in one batch, with warnings kept and invalid e-mails dropped', async () => {
    const { counts, batchId: id } = await importFile(
      libraryA,
      'francais-excel.csv',
      fixture('francais-excel.csv'),
    );
    batchId = id;
    expect(counts.created).toBeGreaterThan(0);
    expect(counts.rejected).toBeGreaterThanOrEqual(4);
    const stored = patrons(libraryA);
    expect(stored).toHaveLength(counts.created);
    expect(stored.find((p) => p.card_number === '46CZ000001')).toMatchObject({
      last_name: 'Cœur',
      first_name: 'Josette',
    });
    expect(stored.find((p) => p.card_number === '46CZ000002')?.email).toBe('helene.darcy@free.fr');
    expect(stored.find((p) => p.card_number === '46CZ000003')?.email).toBeNull();
  });

  it('answers the same file again with "unchanged" and writes nothing new', async () => {
    const before = patrons(libraryA);
    const { counts } = await importFile(libraryA, 'francais-excel.csv', fixture('francais-excel.csv'));
    expect(counts).toMatchObject({ created: 0, updated: 0, unchanged: before.length });
    expect(patrons(libraryA)).toEqual(before);
  });

  it('lists the batch in the history and gives its report as CSV and XLSX with formulas neutralised', async () => {
    const history = await api.call('import.list', { libraryId: libraryA });
    expect(history.map((b) => b.fileName)).toEqual(['francais-excel.csv', 'francais-excel.csv']);
    const csv = await api.call('import.report', { batchId, format: 'csv' });
    const text = Buffer.from(csv.content, 'base64').toString('utf8');
    expect(text.startsWith('\ufeffLigne;N° de carte;Nom;Prénom;Statut;Motifs')).toBe(true);
    expect(text).not.toMatch(/;=|^=/m);
    const xlsx = await api.call('import.report', { batchId, format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.content, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      'Ligne',
      'N° de carte',
      'Nom',
      'Prénom',
      'Statut',
      'Motifs',
    ]);
    sheet?.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeUndefined()));
    expect(xlsx.rows).toBe(csv.rows);
  });
});

describe('matching across files and libraries', () => {
  it('updates what changed, keeps prior values, and creates the newcomers', async () => {
    const text = fixture('francais-excel.csv').toString('latin1');
    const changed = text
      .replace('josette.coeur@orange.fr', 'josette.nouvelle@orange.fr')
      .replace(
        /\r\n$/,
        '\r\n46CZ000099;Nouveau;Arrivant;01/01/2000;arrivant@free.fr;46100;Figeac;01/09/2026;01/09/2027;Adulte\r\n',
      );
    const { counts, batchId } = await importFile(
      libraryA,
      'francais-excel-2.csv',
      Buffer.from(changed, 'latin1'),
    );
    expect(counts).toMatchObject({ created: 1, updated: 1 });
    const prior = context.database.sqlite
      .prepare('SELECT prior FROM import_change WHERE batch_id = ?')
      .pluck()
      .get(batchId);
    expect(JSON.parse(prior as string)).toEqual({ email: 'josette.coeur@orange.fr' });
  });

  it('flags the same person registered in another library (names and birth date, accents and case folded)', async () => {
    const { counts } = await importFile(libraryB, 'koha.csv', fixture('koha.csv'));
    expect(counts.possibleDuplicates).toBeGreaterThanOrEqual(2);
    const flagged = await api.call('patron.search', { text: '', duplicates: true, limit: 50 });
    expect(flagged.patrons.map((p) => p.lastName)).toEqual(expect.arrayContaining(['CŒUR', "D'ARCY"]));
    const cœur = flagged.patrons.find((p) => p.lastName === 'CŒUR');
    const before = await api.call('patron.count', {});
    await api.call('patron.resolveDuplicate', { id: cœur?.id as string, decision: 'confirmed' });
    const after = await api.call('patron.count', {});
    expect(after).toEqual({ count: before.count, persons: before.persons - 1 });
  });

  it('reads a PMB export with a year of birth only (ISO-8859-1)', async () => {
    const { counts } = await importFile(libraryC, 'pmb.csv', fixture('pmb.csv'));
    expect(counts.created).toBeGreaterThan(0);
    const row = context.database.sqlite
      .prepare("SELECT birth_date, birth_year FROM patron WHERE card_number = 'C000001'")
      .get();
    expect(row).toEqual({ birth_date: null, birth_year: 1945 });
  });

  it('finds patrons without accents or capitals, by name, card or e-mail', async () => {
    expect((await api.call('patron.search', { text: 'lapeze' })).patrons.map((p) => p.lastName)).toEqual([
      'LAPÈZE',
    ]);
    expect((await api.call('patron.search', { text: 'coeur josette' })).patrons).toHaveLength(2);
    expect((await api.call('patron.search', { text: '46cz000002' })).patrons[0]?.cardNumber).toBe(
      '46CZ000002',
    );
    expect((await api.call('patron.search', { text: 'aurelien.lapeze@' })).total).toBe(1);
    expect((await api.call('patron.search', { text: 'lapeze', libraryId: libraryA })).total).toBe(0);
    // Short words: the start of the last name, then a piece of the first name.
    expect((await api.call('patron.search', { text: 'la au' })).patrons.map((p) => p.firstName)).toEqual([
      'Aurélien',
    ]);
    // Without text every patron counts, beyond the 1,000 cap of text searches.
    const all = await api.call('patron.search', { text: '', limit: 1 });
    const inDatabase = context.database.sqlite.prepare('SELECT count(*) FROM patron').pluck().get();
    expect(all.total).toBe(inDatabase);
    expect(all.more).toBe(false);
  });
});

describe('full mode', () => {
  it('marks the patrons absent from the file as no longer registered, and deletes none', async () => {
    const lines = fixture('koha.csv').toString('utf8').trim().split('\n');
    const { counts } = await importFile(
      libraryB,
      'koha-partiel.csv',
      Buffer.from(`${lines.slice(0, 3).join('\n')}\n`),
      'full',
    );
    expect(counts.unregistered).toBe(lines.length - 3);
    const stored = patrons(libraryB);
    expect(stored).toHaveLength(lines.length - 1);
    expect(stored.filter((p) => p.registered === 0)).toHaveLength(lines.length - 3);
  });
});

describe('undo', () => {
  it('removes created rows, restores updated ones, and keeps the rows changed since (listing them)', async () => {
    const libraryId = (
      await api.call('library.add', { name: 'Bibliothèque D', commune: '46102', ils: 'other', code: 'BIB-D' })
    ).id;
    const header = 'N° carte;Nom;Prénom\r\n';
    const first = await importFile(
      libraryId,
      'd1.csv',
      Buffer.from(`${header}D1;Alpha;Anne\r\nD2;Beta;Bruno\r\nD3;Gamma;Gaël\r\n`, 'latin1'),
    );
    const second = await importFile(
      libraryId,
      'd2.csv',
      Buffer.from(`${header}D1;Alpha;Anne\r\nD2;Beta;Bruno-Marie\r\nD4;Delta;Denis\r\n`, 'latin1'),
    );
    expect(second.counts).toMatchObject({ created: 1, updated: 1, unchanged: 1 });

    const undoneFirst = await api.call('import.undo', { batchId: first.batchId });
    expect(undoneFirst).toMatchObject({ removed: 2, restored: 0 });
    expect(undoneFirst.kept.map((p) => p.cardNumber)).toEqual(['D2']);
    expect(patrons(libraryId).map((p) => p.card_number)).toEqual(['D2', 'D4']);

    const undoneSecond = await api.call('import.undo', { batchId: second.batchId });
    expect(undoneSecond).toMatchObject({ removed: 1, restored: 1, kept: [] });
    expect(patrons(libraryId)).toEqual([
      { card_number: 'D2', last_name: 'Beta', first_name: 'Bruno', email: null, registered: 1 },
    ]);
    await expect(api.call('import.undo', { batchId: second.batchId })).rejects.toMatchObject({
      code: 'ALREADY_UNDONE',
    });
  });
});

describe('fixing the preview', () => {
  it('re-validates a fixed cell and lets rows be excluded before the commit', async () => {
    const libraryId = (
      await api.call('library.add', { name: 'Bibliothèque E', commune: '46102', ils: 'other', code: 'BIB-E' })
    ).id;
    const file =
      'N° carte;Nom;Date de naissance\r\nE1;Un;31/02/1990\r\nE2;Deux;01/01/1990\r\nE3;Trois;02/02/1990\r\n';
    const session = await api.call('import.open', {
      libraryId,
      fileName: 'e.csv',
      content: Buffer.from(file, 'latin1').toString('base64'),
    });
    expect(session.counts).toMatchObject({ created: 2, rejected: 1 });
    const fixed = await api.call('import.fixCell', {
      sessionId: session.sessionId,
      line: 2,
      field: 'birthDate',
      value: '28/02/1990',
    });
    expect(fixed.row).toMatchObject({ outcome: 'created', values: { birthDate: '1990-02-28' } });
    const { counts } = await api.call('import.exclude', {
      sessionId: session.sessionId,
      lines: [4],
      excluded: true,
    });
    expect(counts).toMatchObject({ created: 2, rejected: 0, excluded: 1 });
    await api.call('import.commit', { sessionId: session.sessionId });
    expect(patrons(libraryId).map((p) => p.card_number)).toEqual(['E1', 'E2']);
  });

  it('redraws the preview from the original bytes when the user picks another encoding', async () => {
    const bytes = Buffer.from('N° carte;Nom\r\nF1;Sénéchal\r\n', 'latin1');
    const session = await api.call('import.open', {
      libraryId: libraryA,
      fileName: 'f.csv',
      content: bytes.toString('base64'),
    });
    const asUtf16 = await api.call('import.configure', {
      sessionId: session.sessionId,
      encoding: 'iso-8859-15',
    });
    expect(asUtf16.encoding).toBe('iso-8859-15');
    const rows = await api.call('import.preview', { sessionId: session.sessionId });
    expect(rows.rows[0]?.values.lastName).toBe('Sénéchal');
    await api.call('import.cancel', { sessionId: session.sessionId });
  });

  it('reads an XLSX export with date cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Lecteurs');
    sheet.addRow(['N° de carte', 'Nom', 'Prénom', 'Date de naissance']);
    sheet.addRow(['X1', 'Xavier', 'Xénia', new Date(Date.UTC(1980, 4, 17))]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const { counts } = await importFile(libraryA, 'x.xlsx', bytes);
    expect(counts.created).toBe(1);
    const row = context.database.sqlite
      .prepare("SELECT birth_date FROM patron WHERE card_number = 'X1'")
      .pluck()
      .get();
    expect(row).toBe('1980-05-17');
  });
});

describe('the retention rule (RGPD)', () => {
  it('previews then purges the patrons whose registration ended more than 12 months ago, and logs it', async () => {
    const preview = await api.call('patron.purgePreview', { months: 12, today: '2026-11-25' });
    expect(preview.cutoff).toBe('2025-11-25');
    expect(preview.count).toBeGreaterThan(0);
    expect(preview.sample.every((p) => (p.expiresOn as string) < '2025-11-25')).toBe(true);
    const before = (await api.call('patron.search', { text: '', limit: 1 })).total;
    const purged = await api.call('patron.purge', { months: 12, today: '2026-11-25' });
    expect(purged.purged).toBe(preview.count);
    expect((await api.call('patron.search', { text: '', limit: 1 })).total).toBe(before - preview.count);
    const oldReports = context.database.sqlite
      .prepare("SELECT count(*) FROM import_batch WHERE committed_at < ? AND report <> '[]'")
      .pluck()
      .get('2025-11-25');
    expect(oldReports).toBe(0);
    const journal = await api.call('audit.list', { entity: 'patron' });
    expect(journal.entries[0]?.after).toMatch(/lecteurs supprimés/);
  });
});

describe('a double click on "Enregistrer"', () => {
  it('writes the batch once and refuses the second commit', async () => {
    const libraryId = (
      await api.call('library.add', { name: 'Bibliothèque F', commune: '46102', ils: 'other', code: 'BIB-F' })
    ).id;
    const file = Buffer.from('N° carte;Nom\r\nF1;Un\r\nF2;Deux\r\n', 'latin1');
    const session = await api.call('import.open', {
      libraryId,
      fileName: 'f.csv',
      content: file.toString('base64'),
    });
    const [first, second] = await Promise.allSettled([
      api.call('import.commit', { sessionId: session.sessionId }),
      api.call('import.commit', { sessionId: session.sessionId }),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'INVALID_INPUT' } });
    expect(patrons(libraryId)).toHaveLength(2);
    expect(await api.call('import.list', { libraryId })).toHaveLength(1);
  });
});

describe('the preview of a full import', () => {
  it('lists the patrons the file no longer names, who would be marked as no longer registered', async () => {
    const libraryId = (
      await api.call('library.add', { name: 'Bibliothèque G', commune: '46102', ils: 'other', code: 'BIB-G' })
    ).id;
    const header = 'N° carte;Nom;Prénom\r\n';
    await importFile(libraryId, 'g1.csv', Buffer.from(`${header}G1;Un;Anne\r\nG2;Deux;Bruno\r\n`, 'latin1'));
    const session = await api.call('import.open', {
      libraryId,
      fileName: 'g2.csv',
      content: Buffer.from(`${header}G1;Un;Anne\r\n`, 'latin1').toString('base64'),
      mode: 'full',
    });
    const gone = await api.call('import.preview', { sessionId: session.sessionId, outcome: 'unregistered' });
    expect(gone.total).toBe(1);
    expect(gone.rows[0]).toMatchObject({
      line: 0,
      outcome: 'unregistered',
      values: { cardNumber: 'G2', lastName: 'Deux' },
    });
    await api.call('import.cancel', { sessionId: session.sessionId });
  });
});
