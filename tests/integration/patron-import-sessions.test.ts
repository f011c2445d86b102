import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { patronImportApp } from './patron-import-app.ts';

/** One import session at a time, from its preview to its commit or undo, mostly on a library of its own. */
const { api, sqlite, library, importFile, patrons } = patronImportApp('sessions.sqlite');

describe('import progress', () => {
  it('answers "nothing running" for a session not open yet, or already closed', async () => {
    expect(await api.call('import.progress', { sessionId: '01a21347-0000-7000-8000-000000000000' })).toEqual({
      running: false,
      progress: null,
    });
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
      libraryId: library.A,
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
    const { counts } = await importFile(library.A, 'x.xlsx', bytes);
    expect(counts.created).toBe(1);
    const row = sqlite().prepare("SELECT birth_date FROM patron WHERE card_number = 'X1'").pluck().get();
    expect(row).toBe('1980-05-17');
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

describe('a full import keeps the patrons whose rows it cannot take', () => {
  it('never marks as gone a patron whose row is rejected for one bad cell, or excluded by the user', async () => {
    const libraryId = (
      await api.call('library.add', { name: 'Bibliothèque H', commune: '46102', ils: 'other', code: 'BIB-H' })
    ).id;
    const header = 'N° carte;Nom;Prénom;Date de naissance\r\n';
    await importFile(
      libraryId,
      'h1.csv',
      Buffer.from(
        `${header}H1;Un;Anne;01/02/1980\r\nH2;Deux;Bruno;02/03/1981\r\nH3;Trois;Carla;03/04/1982\r\nH4;Quatre;Denis;04/05/1983\r\n`,
        'latin1',
      ),
    );
    // H2's birth date does not exist, H3's line will be excluded, H4 has left the library.
    const session = await api.call('import.open', {
      libraryId,
      fileName: 'h2.csv',
      content: Buffer.from(
        `${header}H1;Un;Anne;01/02/1980\r\nH2;Deux;Bruno;31/02/1981\r\nH3;Trois;Carla;03/04/1982\r\n`,
        'latin1',
      ).toString('base64'),
      mode: 'full',
    });
    expect(session.counts).toMatchObject({ rejected: 1, unregistered: 1 });
    const excluded = await api.call('import.exclude', {
      sessionId: session.sessionId,
      lines: [4],
      excluded: true,
    });
    expect(excluded.counts).toMatchObject({ excluded: 1, unregistered: 1 });
    const gone = await api.call('import.preview', { sessionId: session.sessionId, outcome: 'unregistered' });
    expect(gone.rows.map((row) => row.values.cardNumber)).toEqual(['H4']);
    await api.call('import.commit', { sessionId: session.sessionId });
    expect(patrons(libraryId).map((p) => [p.card_number, p.registered])).toEqual([
      ['H1', 1],
      ['H2', 1],
      ['H3', 1],
      ['H4', 0],
    ]);
  });
});

describe('an expired subscription is not an error of the file', () => {
  it('counts it apart, shows it in its own tab, and leaves it out of the report for the library', async () => {
    const file = [
      'N° carte;Nom;Prénom;Courriel;Fin abonnement',
      'EXP1;EXPIRE;Anne;anne@exemple.fr;31/01/2020',
      'EXP2;ERREUR;Paul;paul@@exemple;31/12/2099',
      'EXP3;LESDEUX;Lise;lise@@exemple;31/01/2020',
      'EXP4;VALIDE;Jean;jean@exemple.fr;31/12/2099',
    ].join('\r\n');
    const session = await api.call('import.open', {
      libraryId: library.C,
      fileName: 'expires.csv',
      content: Buffer.from(file, 'utf8').toString('base64'),
    });
    expect(session.counts).toMatchObject({ created: 4, warnings: 2, expired: 2 });
    const expired = await api.call('import.preview', { sessionId: session.sessionId, outcome: 'expired' });
    expect(expired.rows.map((row) => row.values.cardNumber)).toEqual(['EXP1', 'EXP3']);
    const toCorrect = await api.call('import.preview', { sessionId: session.sessionId, outcome: 'warning' });
    expect(toCorrect.rows.map((row) => row.values.cardNumber)).toEqual(['EXP2', 'EXP3']);
    const { batchId } = await api.call('import.commit', { sessionId: session.sessionId });
    const report = await api.call('import.report', { batchId, format: 'csv' });
    const text = Buffer.from(report.content, 'base64').toString('utf8');
    expect(text).toContain('EXP2');
    expect(text).toContain('EXP3');
    expect(text).not.toContain('EXP1');
    expect(text).not.toContain('Abonnement expiré');
  });
});

describe('a row’s cells, split again from the file’s text once it is analysed', () => {
  it('shows each preview page’s own cells, reads the same values under a new mapping, and fixes a cell', async () => {
    const libraryId = (
      await api.call('library.add', { name: 'Bibliothèque R', commune: '46102', ils: 'other', code: 'BIB-R' })
    ).id;
    // Quoted delimiters and line breaks on some rows, a row wider than the header, a blank line.
    const rows = Array.from({ length: 150 }, (_, i) => {
      const n = i + 1;
      if (n % 10 === 0) return { card: `R${n}`, last: `Nom; ${n}`, first: `Pré\nnom ${n}`, quoted: true };
      return { card: `R${n}`, last: `Nom${n}`, first: `Prénom${n}`, quoted: false };
    });
    const line = (r: (typeof rows)[number]) =>
      r.quoted ? `${r.card};"${r.last}";"${r.first}"` : `${r.card};${r.last};${r.first}`;
    const text = `N° carte;Nom;Prénom\r\n${rows.map(line).join('\r\n')}\r\n\r\nR999;Trop;De;Cellules\r\n`;
    const { sessionId } = await api.call('import.open', {
      libraryId,
      fileName: 'r.csv',
      content: Buffer.from(text, 'utf8').toString('base64'),
    });
    const page = await api.call('import.preview', { sessionId, offset: 100, limit: 50 });
    expect(page.total).toBe(151);
    expect(page.rows.map((row) => row.cells)).toEqual(
      rows.slice(100).map((r) => ({ cardNumber: r.card, lastName: r.last, firstName: r.first })),
    );
    const [wide] = (await api.call('import.preview', { sessionId, outcome: 'rejected' })).rows;
    expect(wide).toMatchObject({ cells: { cardNumber: 'R999', lastName: 'Trop', firstName: 'De' } });
    expect(wide?.rejections.map((issue) => issue.code)).toEqual(['row_unreadable']);

    // First and last names swapped: every row read again from the text, the wide one still refused.
    const swapped = await api.call('import.configure', {
      sessionId,
      mapping: { cardNumber: 0, lastName: 2, firstName: 1 },
    });
    expect(swapped.counts).toMatchObject({ created: 150, rejected: 1 });
    const all = await api.call('import.preview', { sessionId, outcome: 'created', limit: 500 });
    expect(all.rows.map((row) => [row.values.lastName, row.values.firstName])).toEqual(
      rows.map((r) => [r.first.replace('\n', ' '), r.last]),
    );

    const fixed = await api.call('import.fixCell', {
      sessionId,
      line: 5,
      field: 'lastName',
      value: 'Corrigé',
    });
    expect(fixed.row).toMatchObject({
      cells: { cardNumber: 'R4', lastName: 'Corrigé', firstName: 'Nom4' },
      values: { cardNumber: 'R4', lastName: 'Corrigé', firstName: 'Nom4' },
    });
    await api.call('import.commit', { sessionId });
    expect(patrons(libraryId).find((p) => p.card_number === 'R4')).toMatchObject({
      last_name: 'Corrigé',
      first_name: 'Nom4',
    });
  });
});

describe('updates', () => {
  it('writes only what changed, the name key with a new name, and finds the renamed patron by name', async () => {
    const libraryId = (
      await api.call('library.add', { name: 'Bibliothèque U', commune: '46102', ils: 'other', code: 'BIB-U' })
    ).id;
    const header = 'N° carte;Nom;Prénom;E-mail\r\n';
    await importFile(
      libraryId,
      'u1.csv',
      Buffer.from(`${header}U1;Alpha;Anne;anne@exemple.fr\r\nU2;Beta;Bruno;bruno@exemple.fr\r\n`, 'latin1'),
    );
    const stored = () =>
      sqlite()
        .prepare(
          'SELECT card_number, last_name, email, name_key, updated_at FROM patron WHERE library_id = ? ORDER BY card_number',
        )
        .all(libraryId) as {
        card_number: string;
        last_name: string;
        email: string;
        name_key: string;
        updated_at: string;
      }[];
    const [anne, bruno] = stored();
    const second = await importFile(
      libraryId,
      'u2.csv',
      Buffer.from(
        `${header}U1;Alpha;Anne;anne.alpha@exemple.fr\r\nU2;Béta-Zorro;Bruno;bruno@exemple.fr\r\n`,
        'latin1',
      ),
    );
    expect(second.counts).toMatchObject({ updated: 2, unchanged: 0 });
    const [anneAfter, brunoAfter] = stored();
    expect(anneAfter).toMatchObject({ email: 'anne.alpha@exemple.fr', name_key: anne?.name_key });
    expect(anneAfter?.updated_at).not.toBe(anne?.updated_at);
    expect(brunoAfter?.last_name).toBe('Béta-Zorro');
    expect(brunoAfter?.name_key).not.toBe(bruno?.name_key);
    const found = await api.call('patron.search', { text: 'zorro', libraryId });
    expect(found.patrons.map((p) => p.cardNumber)).toEqual(['U2']);
    const byName = await api.call('patron.search', { text: 'béta', libraryId });
    expect(byName.patrons.map((p) => p.cardNumber)).toEqual(['U2']);
  });
});
