import { describe, expect, it } from 'vitest';
import { listFormerNames } from '../../db/queries/communes.ts';
import { fingerprintOfStored, fingerprintSeed } from '../../electron/services/import/line-fingerprint.ts';
import type { StoredPatron } from '../../electron/services/import/patron-row.ts';
import { readCsvRows } from '../../electron/services/import/read/csv.ts';
import type { Api } from '../../shared/api.ts';
import { today } from '../../shared/domain/dates.ts';
import { encodeWindows1252, generateReimport, realisticReimport } from '../bench/patron-file.ts';
import { openTestApp } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * A re-import takes the rows a patron was last imported from as they are (line-fingerprint.ts): it must
 * come to exactly what reading every row again comes to, and read again any row whose patron changed.
 */
const dir = tempDir('mednum-fingerprint-');
const header =
  'N° carte;Nom;Prénom;Date de naissance;Courriel;Code postal;Ville;Date d’inscription;Date de fin d’abonnement;Catégorie';
// Rows that are never taken as they are: a former commune (a note), an unknown one and a bad e-mail (warnings).
const unusual = [
  'FP900001;Lacoste;Jeanne;02/03/1951;jeanne.lacoste@orange.fr;46240;Labastide-Murat;01/09/2026;31/08/2027;Adulte',
  'FP900002;Delpech;Paul;12/12/1980;paul.delpech@free.fr;46999;Atlantide;01/09/2026;31/08/2027;Adulte',
  'FP900003;Vidal;Lucie;05/06/1992;pas-une-adresse;46100;Figeac;01/09/2026;31/08/2027;Adulte',
];
const files = generateReimport({
  rows: 3_000,
  prefix: 'FP',
  seed: 19,
  today: new Date(),
  ...realisticReimport,
});
const withUnusual = (text: string) => encodeWindows1252(`${text}${unusual.join('\r\n')}\r\n`);
const previous = withUnusual(files.previous.text);
const next = withUnusual(files.next.text);

async function importFile(api: Api, libraryId: string, bytes: Buffer, name: string) {
  const session = await api.call('import.open', {
    libraryId,
    fileName: name,
    content: bytes.toString('base64'),
    mode: 'full',
  });
  return session;
}

/** Everything the preview says of every row, and the counts. */
async function analysisOf(api: Api, sessionId: string) {
  const rows = [];
  for (let offset = 0; ; offset += 500) {
    const page = await api.call('import.preview', { sessionId, offset, limit: 500 });
    rows.push(...page.rows);
    if (rows.length >= page.total) return { counts: page.counts, rows };
  }
}

async function libraryWithPreviousFile(name: string) {
  const app = await openTestApp(dir, name);
  const { id } = await app.api.call('library.add', { name: 'Médiathèque', commune: '46102', ils: 'koha' });
  const first = await importFile(app.api, id, previous, 'precedent.csv');
  await app.api.call('import.commit', { sessionId: first.sessionId });
  return { ...app, libraryId: id, sqlite: app.context.database.sqlite };
}

describe('a re-import', () => {
  it('comes to the same outcomes, values, warnings and notes as reading every row again', async () => {
    const { api, sqlite, libraryId } = await libraryWithPreviousFile('same.sqlite');
    const fingerprinted = sqlite
      .prepare('SELECT count(*) FROM patron WHERE import_fingerprint IS NOT NULL')
      .pluck()
      .get() as number;
    // Every plain row of the previous file; not the three unusual ones.
    expect(fingerprinted).toBe(files.previous.rows);
    const known = await importFile(api, libraryId, next, 'suivant.csv');
    const taken = await analysisOf(api, known.sessionId);
    await api.call('import.cancel', { sessionId: known.sessionId });
    sqlite.prepare('UPDATE patron SET import_fingerprint = NULL').run();
    const again = await importFile(api, libraryId, next, 'suivant.csv');
    const read = await analysisOf(api, again.sessionId);
    expect(taken.counts).toEqual(read.counts);
    expect(taken.rows).toEqual(read.rows);
    expect(read.counts).toMatchObject({ unchanged: expect.any(Number), expired: expect.any(Number) });
    expect(read.counts.unchanged).toBeGreaterThan(2_000);
    expect(read.counts.expired).toBeGreaterThan(500);
    // Committed, the unchanged patrons that had lost their fingerprint get it back.
    await api.call('import.commit', { sessionId: again.sessionId });
    expect(
      sqlite
        .prepare('SELECT count(*) FROM patron WHERE registered = 1 AND import_fingerprint IS NULL')
        .pluck()
        .get(),
    ).toBe(3 + files.next.badRows);
  });

  it('reads again the row of a patron changed since (an edit here, a sync or an undo elsewhere)', async () => {
    const { api, sqlite, libraryId } = await libraryWithPreviousFile('edited.sqlite');
    const email = sqlite.prepare("SELECT email FROM patron WHERE card_number = 'FP000002'").pluck().get();
    sqlite.prepare("UPDATE patron SET email = 'nouvelle@adresse.fr' WHERE card_number = 'FP000002'").run();
    const session = await importFile(api, libraryId, next, 'suivant.csv');
    const { rows } = await analysisOf(api, session.sessionId);
    const row = rows.find((r) => r.values.cardNumber === 'FP000002');
    expect(row?.outcome).toBe('updated');
    expect(row?.changes).toEqual([{ column: 'email', before: 'nouvelle@adresse.fr', after: email }]);
  });

  it('compares a row taken as it is with its patron as stored now, when the patron changes during the preview', async () => {
    const { api, sqlite, libraryId } = await libraryWithPreviousFile('during.sqlite');
    const session = await importFile(api, libraryId, next, 'suivant.csv');
    const before = await analysisOf(api, session.sessionId);
    const [kept, other] = before.rows.filter((r) => r.outcome === 'unchanged');
    const card = kept?.values.cardNumber as string;
    // Another connection (this app's, not the import's) commits an edit while the preview is open.
    sqlite.prepare("UPDATE patron SET email = 'pendant@apercu.fr' WHERE card_number = ?").run(card);
    // Excluding another row matches every row again, on the library's patrons read again.
    await api.call('import.exclude', {
      sessionId: session.sessionId,
      lines: [other?.line as number],
      excluded: true,
    });
    const row = (await analysisOf(api, session.sessionId)).rows.find((r) => r.values.cardNumber === card);
    expect(row?.outcome).toBe('updated');
    expect(row?.changes).toEqual([
      { column: 'email', before: 'pendant@apercu.fr', after: kept?.values.email },
    ]);
  });

  it('takes as they are, without reading it, the values a row and its fingerprint vouch for', async () => {
    const { api, sqlite, libraryId, context } = await libraryWithPreviousFile('witness.sqlite');
    // A witness: FP000003's commune changed in the base, and its fingerprint made again for the file's
    // cells with that commune, as if the file's row had read that way. Read again, the row would change it back.
    const line = files.next.text.split('\r\n').find((l) => l.startsWith('FP000003;')) as string;
    const patron = sqlite
      .prepare("SELECT * FROM patron WHERE card_number = 'FP000003'")
      .get() as StoredPatron;
    const witness = { ...patron, commune_name: 'Témoin' };
    const mapping = {
      cardNumber: 0,
      lastName: 1,
      firstName: 2,
      birthDate: 3,
      email: 4,
      postalCode: 5,
      commune: 6,
      registeredOn: 7,
      expiresOn: 8,
      category: 9,
    };
    const cells = readCsvRows(`${header}\r\n${line}\r\n`, ';').rows[1]?.cells as string[];
    const seed = fingerprintSeed('test', today(context.now()), listFormerNames(sqlite));
    sqlite
      .prepare("UPDATE patron SET commune_name = 'Témoin', import_fingerprint = ? WHERE num = ?")
      .run(fingerprintOfStored(seed, mapping, cells, witness), patron.num);
    const session = await importFile(api, libraryId, next, 'suivant.csv');
    expect(session.mapping).toEqual(mapping);
    const { rows } = await analysisOf(api, session.sessionId);
    const row = rows.find((r) => r.values.cardNumber === 'FP000003');
    expect(row?.outcome).toBe('unchanged');
    expect(row?.values.communeName).toBe('Témoin');
    // The same cells under another release's rules vouch for nothing: the row is read again.
    sqlite
      .prepare('UPDATE patron SET import_fingerprint = ? WHERE num = ?')
      .run(
        fingerprintOfStored(
          fingerprintSeed('autre version', today(context.now()), listFormerNames(sqlite)),
          mapping,
          cells,
          witness,
        ),
        patron.num,
      );
    await api.call('import.cancel', { sessionId: session.sessionId });
    const again = await importFile(api, libraryId, next, 'suivant.csv');
    const reread = (await analysisOf(api, again.sessionId)).rows.find(
      (r) => r.values.cardNumber === 'FP000003',
    );
    expect(reread?.outcome).toBe('updated');
    expect(reread?.changes.map((c) => c.column)).toEqual(['commune_name']);
  });
});
