import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { configureConnection } from '../../db/open.ts';
import { indexPendingSearch } from '../../db/queries/patron-search-pending.ts';
import { openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { loadCommuneResolver } from '../../electron/services/import/communes.ts';
import { KnownPeople } from '../../electron/services/import/known-people.ts';
import { patronSearchText } from '../../electron/services/import/patron-row.ts';
import { ImportSession } from '../../electron/services/import/session.ts';
import { undoBatch } from '../../electron/services/import/undo.ts';
import { createApi } from '../../shared/api.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

/**
 * An import's new patrons reach the trigram search index in the batch's own transaction. Earlier versions
 * wrote them in a second transaction and listed the batches still waiting in `patron_search_pending`:
 * a database such a version left in between still gets its entries at the next start. These tests take
 * the worker's place (ImportSession on its own connection).
 */
const dir = tempDir();
const file = fs.readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'import', 'francais-excel.csv'));
const resolveCommune = loadCommuneResolver();

async function freshDatabase(name: string) {
  const databasePath = path.join(dir, name);
  const context = await openAppContext({ databasePath, version: 'test' });
  const api = createApi(localInvoke(openGate(context)));
  await api.call('settings.update', { staffName: 'Claire Agent' });
  const { id } = await api.call('library.add', { name: 'Médiathèque A', commune: '46102', ils: 'other' });
  await context.close();
  return { databasePath, libraryId: id };
}

/** Commits the fixture's rows as the worker does. */
async function commitFixture(databasePath: string, libraryId: string) {
  const db = new BetterSqlite3(databasePath);
  configureConnection(db);
  const session = await ImportSession.open(db, {
    libraryId,
    fileName: 'francais-excel.csv',
    bytes: file,
    mode: 'incremental',
    today: '2026-01-15',
    resolveCommune,
    knownPeople: new KnownPeople(db),
    fingerprintSeed: 0,
  });
  const { batchId, counts } = session.commit(db, 'Claire Agent', new Date('2026-01-15T09:00:00Z'));
  return { db, batchId, created: counts.created };
}

/** The same, then the database as an earlier version left it when it stopped between its two transactions. */
async function commitWithoutIndex(databasePath: string, libraryId: string) {
  const committed = await commitFixture(databasePath, libraryId);
  const { db, batchId } = committed;
  const nums = db.prepare('SELECT num FROM patron WHERE created_batch = ? ORDER BY num').pluck().all(batchId);
  for (const num of nums) db.prepare('DELETE FROM patron_search WHERE rowid = ?').run(num);
  db.prepare(
    'INSERT INTO patron_search_pending (batch_id, first_num, last_num, stamp) VALUES (?, ?, ?, ?)',
  ).run(batchId, nums[0], nums.at(-1), '2026-01-15T09:00:00.000Z');
  return committed;
}

const pending = (db: BetterSqlite3.Database) =>
  db.prepare('SELECT count(*) FROM patron_search_pending').pluck().get();
const found = (db: BetterSqlite3.Database, text: string) =>
  db.prepare('SELECT count(*) FROM patron_search WHERE patron_search MATCH ?').pluck().get(`"${text}"`);
const indexSound = (databasePath: string) => {
  // From a fresh connection: the writer's cached index structure is not what the next start reads.
  const fresh = new BetterSqlite3(databasePath);
  try {
    fresh.prepare("INSERT INTO patron_search (patron_search) VALUES ('integrity-check')").run();
    return true;
  } finally {
    fresh.close();
  }
};

describe('the search entries of an import’s new patrons', () => {
  it('are committed with the batch: in the index the moment the commit returns, nothing left pending', async () => {
    const { databasePath, libraryId } = await freshDatabase('same-transaction.sqlite');
    const { db, created } = await commitFixture(databasePath, libraryId);
    try {
      expect(found(db, 'josette')).toBe(1);
      expect(pending(db)).toBe(0);
      expect(db.prepare('SELECT count(*) FROM patron_search_docsize').pluck().get()).toBe(created);
    } finally {
      db.close();
    }
    expect(indexSound(databasePath)).toBe(true);
  });

  it('are found by a search made right after the commit through the service, and leave nothing pending', async () => {
    const { databasePath, libraryId } = await freshDatabase('right-after.sqlite');
    const context = await openAppContext({ databasePath, version: 'test' });
    try {
      const api = createApi(localInvoke(openGate(context)));
      const { sessionId } = await api.call('import.open', {
        libraryId,
        fileName: 'francais-excel.csv',
        content: file.toString('base64'),
      });
      const { counts } = await api.call('import.commit', { sessionId });
      expect(counts.created).toBeGreaterThan(3);
      expect((await api.call('patron.search', { text: 'josette coeur' })).total).toBe(1);
      expect(pending(context.database.sqlite)).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('are written at the next start when an earlier version stopped between its two transactions', async () => {
    const { databasePath, libraryId } = await freshDatabase('stopped.sqlite');
    const { db, created } = await commitWithoutIndex(databasePath, libraryId);
    expect(pending(db)).toBe(1);
    expect(found(db, 'josette')).toBe(0);
    db.close();

    const context = await openAppContext({ databasePath, version: 'test' });
    try {
      const api = createApi(localInvoke(openGate(context)));
      expect((await api.call('patron.search', { text: 'josette coeur' })).total).toBe(1);
      expect(pending(context.database.sqlite)).toBe(0);
      expect(
        context.database.sqlite.prepare('SELECT count(*) FROM patron_search_docsize').pluck().get(),
      ).toBe(created);
    } finally {
      await context.close();
    }
    expect(indexSound(databasePath)).toBe(true);
  });

  it('are not written for the rows an undo removed in between', async () => {
    const { databasePath, libraryId } = await freshDatabase('undone.sqlite');
    const { db, batchId } = await commitWithoutIndex(databasePath, libraryId);
    undoBatch(db, batchId, 'Claire Agent', new Date('2026-01-15T09:05:00Z'));
    expect(pending(db)).toBe(0);
    expect(indexPendingSearch(db, patronSearchText)).toBe(0);
    expect(found(db, 'josette')).toBe(0);
    db.close();
    expect(indexSound(databasePath)).toBe(true);
  });

  it('leave a row changed in between to whoever changed it (no second entry)', async () => {
    const { databasePath, libraryId } = await freshDatabase('changed.sqlite');
    const { db, batchId, created } = await commitWithoutIndex(databasePath, libraryId);
    // What a pulled change does to a patron: new values, a new time, its entry rewritten.
    const josette = db.prepare("SELECT num FROM patron WHERE card_number = '46CZ000001'").pluck().get();
    db.prepare("UPDATE patron SET email = 'josette@exemple.fr', updated_at = ? WHERE num = ?").run(
      '2026-01-15T09:01:00Z',
      josette,
    );
    db.prepare('INSERT INTO patron_search (rowid, text) VALUES (?, ?)').run(
      josette,
      'coeur josette 46cz000001 josette@exemple.fr',
    );
    expect(indexPendingSearch(db, patronSearchText, batchId)).toBe(created - 1);
    expect(found(db, 'josette')).toBe(1);
    expect(found(db, 'exemple.fr')).toBe(1);
    db.close();
    expect(indexSound(databasePath)).toBe(true);
  });
});

describe('the search entries of an import’s updated patrons', () => {
  it('are rewritten when a name or e-mail changes, kept as they are when only a date or category does', async () => {
    const { databasePath, libraryId } = await freshDatabase('updates.sqlite');
    const context = await openAppContext({ databasePath, version: 'test' });
    try {
      const api = createApi(localInvoke(openGate(context)));
      const header = 'N° carte;Nom;Prénom;Courriel;Fin abonnement';
      const importText = async (lines: string[]) => {
        const { sessionId } = await api.call('import.open', {
          libraryId,
          fileName: 'maj.csv',
          content: Buffer.from([header, ...lines].join('\r\n'), 'utf8').toString('base64'),
        });
        return (await api.call('import.commit', { sessionId })).counts;
      };
      await importText([
        'U1;Lavergne;Odile;odile@exemple.fr;31/12/2026',
        'U2;Pradines;Marc;marc@ancien.fr;31/12/2026',
      ]);
      // U1 renews (only its end date changes); U2 marries and changes e-mail.
      const counts = await importText([
        'U1;Lavergne;Odile;odile@exemple.fr;31/12/2027',
        'U2;Terrou;Marc;marc.terrou@nouveau.fr;31/12/2026',
      ]);
      expect(counts).toMatchObject({ updated: 2, created: 0 });
      const cards = async (text: string) =>
        (await api.call('patron.search', { text })).patrons.map((patron) => patron.cardNumber);
      expect(await cards('lavergne')).toEqual(['U1']);
      expect(await cards('odile@exemple')).toEqual(['U1']);
      expect(await cards('terrou')).toEqual(['U2']);
      expect(await cards('marc.terrou')).toEqual(['U2']);
      expect(await cards('pradines')).toEqual([]);
      expect(await cards('ancien')).toEqual([]);
      // One entry per patron, and an index SQLite finds sound.
      expect(found(context.database.sqlite, 'lavergne')).toBe(1);
      expect(indexSound(databasePath)).toBe(true);
    } finally {
      await context.close();
    }
  });
});
