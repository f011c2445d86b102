import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/services/context.ts';
import type { Api } from '../../shared/api.ts';
import { generatePatronFile } from '../bench/patron-file.ts';
import { openTestApp } from '../helpers/app.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'import', name));
let api: Api;
let context: AppContext;
let saintCere: string;
let gourdon: string;

async function open(libraryId: string, fileName: string, bytes: Buffer, mode: 'incremental' | 'full') {
  return api.call('import.open', { libraryId, fileName, content: bytes.toString('base64'), mode });
}

async function importFile(
  libraryId: string,
  fileName: string,
  bytes: Buffer,
  mode: 'incremental' | 'full' = 'incremental',
) {
  const session = await open(libraryId, fileName, bytes, mode);
  return api.call('import.commit', { sessionId: session.sessionId });
}

/** The stored patrons flagged as possible duplicates, each with the card of the patron it points at. */
const flagged = (libraryId: string) =>
  context.database.sqlite
    .prepare(
      `SELECT p.card_number AS card, o.card_number AS of, p.duplicate_status AS status
       FROM patron p JOIN patron o ON o.id = p.duplicate_of WHERE p.library_id = ? ORDER BY p.card_number`,
    )
    .all(libraryId);

beforeAll(async () => {
  ({ api, context } = await openTestApp(dir, 'duplicates.sqlite'));
  saintCere = (
    await api.call('library.add', { name: 'Médiathèque de Saint-Céré', commune: '46267', ils: 'pmb' })
  ).id;
  gourdon = (await api.call('library.add', { name: 'Médiathèque de Gourdon', commune: '46127', ils: 'koha' }))
    .id;
});

describe('possible duplicates within one library and within one file', () => {
  it('flags nobody in a first export where two people share their family’s e-mail', async () => {
    const { counts } = await importFile(saintCere, 'doublons-1.csv', fixture('doublons-1.csv'));
    expect(counts).toMatchObject({ created: 5, possibleDuplicates: 0 });
  });

  it('shows, before anything is written, each new row that repeats a patron of the library or an earlier row', async () => {
    const session = await open(saintCere, 'doublons-2.csv', fixture('doublons-2.csv'), 'incremental');
    const { counts, rows } = await api.call('import.preview', {
      sessionId: session.sessionId,
      outcome: 'duplicate',
    });
    expect(counts).toMatchObject({ created: 7, updated: 1, possibleDuplicates: 4 });
    const shown = rows.map((row) => ({
      card: row.values.cardNumber,
      ...row.duplicate,
      other: row.duplicate?.other.cardNumber,
    }));
    expect(shown).toEqual([
      // The same person re-listed under a new card: same names (case folded) and birth date.
      { card: 'D1001', reason: 'person', where: 'library', line: null, libraryName: null, other: 'D0001' },
      // A new card, the name mistyped, no birth date: the same e-mail as D0004.
      { card: 'D1002', reason: 'email', where: 'library', line: null, libraryName: null, other: 'D0004' },
      // Twice in the file under two new cards.
      { card: 'D1004', reason: 'person', where: 'file', line: 5, libraryName: null, other: 'D1003' },
      // Her married name, the same e-mail and birthday.
      { card: 'D1007', reason: 'email', where: 'file', line: 8, libraryName: null, other: 'D1006' },
    ]);
    const [mireille] = rows;
    expect(mireille?.possibleDuplicateOf).toEqual(expect.any(String));
    expect(mireille?.duplicate?.other).toMatchObject({
      lastName: 'Fabre',
      firstName: 'Mireille',
      birthDate: '1972-05-14',
    });
    // Between two new rows of the file, no stored patron yet.
    expect(rows[2]?.possibleDuplicateOf).toBeNull();

    // The update shows what the file changes, old → new.
    const updated = await api.call('import.preview', { sessionId: session.sessionId, outcome: 'updated' });
    expect(updated.rows[0]?.changes).toEqual([
      { column: 'email', before: 'anne.vidal@orange.fr', after: 'anne.vidal@gmail.com' },
      { column: 'expires_on', before: '2099-09-02', after: '2098-09-02' },
    ]);
    await api.call('import.cancel', { sessionId: session.sessionId });
  });

  it('does not flag a namesake born another day, even with her family’s e-mail', async () => {
    const session = await open(saintCere, 'doublons-2.csv', fixture('doublons-2.csv'), 'incremental');
    const created = await api.call('import.preview', { sessionId: session.sessionId, outcome: 'created' });
    const lucie = created.rows.find((row) => row.values.cardNumber === 'D1005');
    expect(lucie?.values).toMatchObject({ lastName: 'Delmas', birthDate: '2012-06-19' });
    expect(lucie?.duplicate).toBeNull();
    expect(created.rows.filter((row) => row.duplicate === null).map((row) => row.values.cardNumber)).toEqual([
      'D1003',
      'D1005',
      'D1006',
    ]);
    await api.call('import.cancel', { sessionId: session.sessionId });
  });

  let batchId: string;

  it('stores the flags, pointing at the stored patron or at the new patron of the earlier row', async () => {
    const { counts, batchId: id } = await importFile(saintCere, 'doublons-2.csv', fixture('doublons-2.csv'));
    batchId = id;
    expect(counts).toMatchObject({ created: 7, updated: 1, possibleDuplicates: 4 });
    expect(flagged(saintCere)).toEqual([
      { card: 'D1001', of: 'D0001', status: 'possible' },
      { card: 'D1002', of: 'D0004', status: 'possible' },
      { card: 'D1004', of: 'D1003', status: 'possible' },
      { card: 'D1007', of: 'D1006', status: 'possible' },
    ]);
    // Staff review them as they review the other libraries' duplicates.
    const review = await api.call('patron.search', { libraryId: saintCere, duplicates: true });
    expect(review.total).toBe(4);
  });

  it('flags nothing more when the same file comes again: its rows are the stored patrons now', async () => {
    const { counts } = await importFile(saintCere, 'doublons-2.csv', fixture('doublons-2.csv'));
    expect(counts).toMatchObject({ created: 0, unchanged: 8, possibleDuplicates: 0 });
    expect(flagged(saintCere)).toHaveLength(4);
  });

  it('undoes that import whole: the new patrons go, those flagged against each other with them', async () => {
    const undone = await api.call('import.undo', { batchId });
    expect(undone).toMatchObject({ removed: 7, restored: 1, kept: [] });
    expect(flagged(saintCere)).toEqual([]);
    expect((await api.call('patron.count', { libraryId: saintCere })).count).toBe(5);
  });
});

describe('a file re-listing a library’s 20,000 patrons under new card numbers', () => {
  it('flags every one of them as the patron stored under the old card', async () => {
    const first = generatePatronFile({ rows: 20_000, prefix: 'GA', seed: 11, badShare: 0 });
    const once = await importFile(gourdon, 'gourdon-2025.csv', first.bytes);
    expect(once.counts.created).toBe(20_000);
    const relisted = generatePatronFile({ rows: 20_000, prefix: 'GB', seed: 11, badShare: 0 });
    const session = await open(gourdon, 'gourdon-2026.csv', relisted.bytes, 'full');
    const { counts, rows } = await api.call('import.preview', {
      sessionId: session.sessionId,
      outcome: 'duplicate',
      limit: 1,
    });
    expect(counts).toMatchObject({ created: 20_000, unregistered: 20_000, possibleDuplicates: 20_000 });
    expect(rows[0]?.duplicate).toMatchObject({ reason: 'person', where: 'library' });
    expect(rows[0]?.duplicate?.other.cardNumber).toBe('GA000001');
    await api.call('import.cancel', { sessionId: session.sessionId });
  });
});

describe('a re-import bringing a few new rows among many known ones', () => {
  it('points each new row at its earlier row, by person or e-mail, and at the library’s patron first', async () => {
    const cahors = (
      await api.call('library.add', { name: 'Bibliothèque de Cahors', commune: '46042', ils: 'pmb' })
    ).id;
    const header = 'N° carte;Nom;Prénom;Date de naissance;E-mail\r\n';
    // Fifteen patrons already registered, and a family's shared address.
    const known = [
      ...Array.from(
        { length: 15 },
        (_, i) => `S${i + 10};Lecteur${i};Connu;0${(i % 9) + 1}/02/1960;s${i}@exemple.fr`,
      ),
      'S30;Martin;Claire;;famille.durand@exemple.fr',
    ];
    const file = (rows: string[]) => Buffer.from(`${header}${rows.join('\r\n')}\r\n`, 'latin1');
    await importFile(cahors, 'cahors-1.csv', file(known));
    const session = await open(
      cahors,
      'cahors-2.csv',
      file([
        ...known,
        'N1;Durand;Paul;03/04/1975;paul@exemple.fr',
        // Paul again under another card: his earlier row, by person.
        'N2;Durand;Paul;03/04/1975;paul.durand@exemple.fr',
        // His e-mail, the name mistyped and no birth date: his earlier row, by e-mail.
        'N3;Durant;Pol;;paul@exemple.fr',
        // Paul once more, with the family's address: Claire, registered already, comes first.
        'N4;Durand;Paul;03/04/1975;famille.durand@exemple.fr',
      ]),
      'incremental',
    );
    expect(session.counts).toMatchObject({ unchanged: 16, created: 4 });
    const { rows } = await api.call('import.preview', { sessionId: session.sessionId, outcome: 'duplicate' });
    expect(
      rows.map((row) => [
        row.values.cardNumber,
        row.duplicate?.reason,
        row.duplicate?.where,
        row.duplicate?.other.cardNumber,
      ]),
    ).toEqual([
      ['N2', 'person', 'file', 'N1'],
      ['N3', 'email', 'file', 'N1'],
      ['N4', 'email', 'library', 'S30'],
    ]);
    await api.call('import.cancel', { sessionId: session.sessionId });
  });
});
