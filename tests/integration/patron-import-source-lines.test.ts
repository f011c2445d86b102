import { describe, expect, it } from 'vitest';
import { type PatronRecord, patronColumns } from '../../electron/services/import/patron-row.ts';
import { valuesDigest } from '../../electron/services/import/source-line.ts';
import { patronImportApp } from './patron-import-app.ts';

const { api, sqlite, importFile, patrons } = patronImportApp('source-lines.sqlite');

const header = 'N° carte;Nom;Prénom;Date de naissance;Code postal;Ville;Date de fin d’abonnement\r\n';
const lines = [
  'S1;Alpha;Anne;12/04/1961;46100;Figeac;03/09/2099',
  'S2;Beta;Bruno;30/11/1954;46100;Figeac;03/09/2020',
  // Two-digit year: its century depends on today's date, so the line is never recognised.
  'S3;Gamma;Gaël;07/07/14;46100;Figeac;03/09/2099',
  // A warning the library must see in every report: never recognised either.
  'S4;Delta;Denis;01/01/1990;99999;Nulle-Part;03/09/2099',
];
const file = (rows: string[], head = header) => Buffer.from(`${head}${rows.join('\r\n')}\r\n`, 'utf8');

const recorded = () =>
  sqlite()
    .prepare(
      'SELECT p.card_number FROM patron_source s JOIN patron p ON p.num = s.num WHERE p.library_id = ? ORDER BY 1',
    )
    .pluck()
    .all(libraryId) as string[];

/**
 * Gives S1 another first name and a digest that matches it, as if its recorded line had given that name:
 * a line recognised is not normalised again, so the import then sees S1 unchanged; a line that is not
 * recognised is read again and restores the file's name.
 */
function pretendLineGave(card: string, firstName: string) {
  const db = sqlite();
  db.prepare('UPDATE patron SET first_name = ? WHERE library_id = ? AND card_number = ?').run(
    firstName,
    libraryId,
    card,
  );
  const row = db
    .prepare(`SELECT num, ${patronColumns.join(', ')} FROM patron WHERE library_id = ? AND card_number = ?`)
    .get(libraryId, card) as PatronRecord & { num: number };
  db.prepare('UPDATE patron_source SET values_digest = ? WHERE num = ?').run(
    valuesDigest(card, row),
    row.num,
  );
}

let libraryId = '';

describe('a re-imported line identical to the one a patron was read from', () => {
  it('is recorded only for clean lines whose reading does not depend on the day', async () => {
    libraryId = (
      await api.call('library.add', { name: 'Bibliothèque S', commune: '46102', ils: 'other', code: 'BIB-S' })
    ).id;
    const first = await importFile(libraryId, 's1.csv', file(lines), 'full');
    expect(first.counts).toMatchObject({ created: 4, warnings: 1, expired: 1 });
    expect(recorded()).toEqual(['S1', 'S2']);
  });

  it('gives the same counts, warnings and report as reading it again', async () => {
    const session = await api.call('import.open', {
      libraryId,
      fileName: 's1.csv',
      content: file(lines).toString('base64'),
      mode: 'full',
    });
    expect(session.counts).toMatchObject({ unchanged: 4, updated: 0, created: 0, warnings: 1, expired: 1 });
    const unchanged = await api.call('import.preview', {
      sessionId: session.sessionId,
      outcome: 'unchanged',
      offset: 0,
      limit: 10,
    });
    const s2 = unchanged.rows.find((row) => row.values.cardNumber === 'S2');
    expect(s2?.warnings.map((issue) => issue.code)).toEqual(['registration_expired']);
    expect(s2?.values).toMatchObject({ lastName: 'Beta', birthDate: '1954-11-30', communeInsee: '46102' });
    await api.call('import.cancel', { sessionId: session.sessionId });
  });

  it('is taken as the patron it gave, without being read again', async () => {
    pretendLineGave('S1', 'Annie');
    const again = await importFile(libraryId, 's1.csv', file(lines), 'full');
    expect(again.counts).toMatchObject({ unchanged: 4, updated: 0 });
    expect(patrons(libraryId).find((p) => p.card_number === 'S1')?.first_name).toBe('Annie');
  });

  it('is read again once the patron changed since, the mapping differs, or the line differs', async () => {
    // Edited since (no digest update): read again, the file's name comes back.
    sqlite()
      .prepare("UPDATE patron SET first_name = 'Anouk' WHERE library_id = ? AND card_number = 'S1'")
      .run(libraryId);
    const edited = await importFile(libraryId, 's1.csv', file(lines), 'full');
    expect(edited.counts).toMatchObject({ unchanged: 3, updated: 1 });
    expect(patrons(libraryId).find((p) => p.card_number === 'S1')?.first_name).toBe('Anne');

    // Another header for the same column: another mapping, so nothing recorded before is recognised.
    pretendLineGave('S1', 'Annie');
    const renamed = header.replace('Prénom', 'Prenom');
    const remapped = await importFile(libraryId, 's1b.csv', file(lines, renamed), 'full');
    expect(remapped.counts).toMatchObject({ unchanged: 3, updated: 1 });
    expect(patrons(libraryId).find((p) => p.card_number === 'S1')?.first_name).toBe('Anne');

    // A changed line goes the full way, and its new key is recorded with the values it gave.
    const changed = lines.map((line) => line.replace('S2;Beta;Bruno', 'S2;Beta;Bruno-Marie'));
    const updated = await importFile(libraryId, 's2.csv', file(changed), 'full');
    expect(updated.counts).toMatchObject({ unchanged: 3, updated: 1 });
    expect(recorded()).toEqual(['S1', 'S2']);

    // Undone: S2 holds its former values, not the ones its recorded line gave, so it is read again.
    await api.call('import.undo', { batchId: updated.batchId });
    const redo = await importFile(libraryId, 's2.csv', file(changed), 'full');
    expect(redo.counts).toMatchObject({ unchanged: 3, updated: 1 });
    expect(patrons(libraryId).find((p) => p.card_number === 'S2')?.first_name).toBe('Bruno-Marie');
  });
});
