import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fixture, patronImportApp } from './patron-import-app.ts';

/**
 * Real exports of three ILS imported one after the other into one database: each test builds on what the
 * previous ones wrote (the same people across libraries, a full import, the retention rule over them all).
 */
const { api, sqlite, library, importFile, patrons } = patronImportApp('patrons.sqlite');

describe('a French Excel export (Windows-1252, “;”, dd/mm/yyyy)', () => {
  let batchId: string;

  it('is previewed with every rejected row and its reason before anything is written', async () => {
    const session = await api.call('import.open', {
      libraryId: library.A,
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
    expect(patrons(library.A)).toEqual([]);
    await api.call('import.cancel', { sessionId: session.sessionId });
  });

  it('commits the valid rows in one batch, with warnings kept and invalid e-mails dropped', async () => {
    const { counts, batchId: id } = await importFile(
      library.A,
      'francais-excel.csv',
      fixture('francais-excel.csv'),
    );
    batchId = id;
    expect(counts.created).toBeGreaterThan(0);
    expect(counts.rejected).toBeGreaterThanOrEqual(4);
    const stored = patrons(library.A);
    expect(stored).toHaveLength(counts.created);
    expect(stored.find((p) => p.card_number === '46CZ000001')).toMatchObject({
      last_name: 'Cœur',
      first_name: 'Josette',
    });
    expect(stored.find((p) => p.card_number === '46CZ000002')?.email).toBe('helene.darcy@free.fr');
    expect(stored.find((p) => p.card_number === '46CZ000003')?.email).toBeNull();
  });

  it('answers the same file again with "unchanged" and writes nothing new', async () => {
    const before = patrons(library.A);
    const { counts } = await importFile(library.A, 'francais-excel.csv', fixture('francais-excel.csv'));
    expect(counts).toMatchObject({ created: 0, updated: 0, unchanged: before.length });
    expect(patrons(library.A)).toEqual(before);
  });

  it('lists the batch in the history and gives its report as CSV and XLSX with formulas neutralised', async () => {
    const history = await api.call('import.list', { libraryId: library.A });
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
      library.A,
      'francais-excel-2.csv',
      Buffer.from(changed, 'latin1'),
    );
    expect(counts).toMatchObject({ created: 1, updated: 1 });
    const prior = sqlite().prepare('SELECT prior FROM import_change WHERE batch_id = ?').pluck().get(batchId);
    expect(JSON.parse(prior as string)).toEqual({ email: 'josette.coeur@orange.fr' });
  });

  it('flags the same person registered in another library (names and birth date, accents and case folded)', async () => {
    const { counts } = await importFile(library.B, 'koha.csv', fixture('koha.csv'));
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
    const { counts } = await importFile(library.C, 'pmb.csv', fixture('pmb.csv'));
    expect(counts.created).toBeGreaterThan(0);
    const row = sqlite()
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
    expect((await api.call('patron.search', { text: 'lapeze', libraryId: library.A })).total).toBe(0);
    // Short words: the start of the last name, then a piece of the first name.
    expect((await api.call('patron.search', { text: 'la au' })).patrons.map((p) => p.firstName)).toEqual([
      'Aurélien',
    ]);
    // Without text every patron counts, beyond the 1,000 cap of text searches.
    const all = await api.call('patron.search', { text: '', limit: 1 });
    const inDatabase = sqlite().prepare('SELECT count(*) FROM patron').pluck().get();
    expect(all.total).toBe(inDatabase);
    expect(all.more).toBe(false);
  });
});

describe('full mode', () => {
  it('marks the patrons absent from the file as no longer registered, and deletes none', async () => {
    const lines = fixture('koha.csv').toString('utf8').trim().split('\n');
    const { counts } = await importFile(
      library.B,
      'koha-partiel.csv',
      Buffer.from(`${lines.slice(0, 3).join('\n')}\n`),
      'full',
    );
    expect(counts.unregistered).toBe(lines.length - 3);
    const stored = patrons(library.B);
    expect(stored).toHaveLength(lines.length - 1);
    expect(stored.filter((p) => p.registered === 0)).toHaveLength(lines.length - 3);
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
    const oldReports = sqlite()
      .prepare("SELECT count(*) FROM import_batch WHERE committed_at < ? AND report <> '[]'")
      .pluck()
      .get('2025-11-25');
    expect(oldReports).toBe(0);
    const journal = await api.call('audit.list', { entity: 'patron' });
    // The purge is recorded as an event the journal words (« N lecteurs supprimés… »).
    expect(JSON.parse(journal.entries[0]?.after as string)).toEqual({
      event: 'purge',
      purged: purged.purged,
      cutoff: '2025-11-25',
      months: 12,
    });
  });
});
