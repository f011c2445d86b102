import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, type SyncRequest } from '../../electron/services/sync/transport.ts';
import { generatePatronFile } from '../bench/patron-file.ts';
import { grandFigeac } from '../helpers/app.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';
import { password, startTestCentral } from './helpers/central.ts';
import { type Desktop, openDesktop } from './helpers/desktop.ts';
import { type Fault, faultyTransport } from './helpers/fault-transport.ts';
import { serverRows } from './helpers/server-state.ts';

/**
 * Patron changes that are not imports — an undo, a decision on a possible duplicate, the retention purge —
 * travel as patron change sets: PC A makes them, the server applies them, PC B pulls them.
 */
const dir = tempDir('mednum-sync-patrons-');
let central: Awaited<ReturnType<typeof startTestCentral>>;
let a: Desktop;
let b: Desktop;
let libraryId: string;
/** Faults for A's change-set requests, decided per request while set. */
let faultA: ((method: string, path: string) => Fault) | undefined;
/** Work done before each of A's requests leaves, while set. */
let beforeA: ((request: SyncRequest) => Promise<void>) | undefined;

const sync = (pc: Desktop) => pc.api.call('sync.now', {});
const login = (pc: Desktop, email: string) =>
  pc.api.call('sync.login', { serverUrl: central.url, email, password });

// The library's export (Latin-1, as Excel writes it) and a later one: one patron's e-mail changed, and a
// new card for a person already registered (same name and birth date: a possible duplicate).
const fixture = fs.readFileSync(path.join(repoRoot, 'tests/fixtures/import/francais-excel.csv'), 'latin1');
const [header, ...lines] = fixture.split('\r\n').filter(Boolean) as [string, ...string[]];
const josette = lines.find((line) => line.startsWith('46CZ000001;')) as string;
const helene = lines.find((line) => line.startsWith('46CZ000002;')) as string;
const laterExport = [
  header,
  helene.replace('Helene.DARCY@Free.fr', 'helene.darcy@nouveau.fr'),
  josette.replace('46CZ000001', '46CZ000099').replace('josette.coeur@orange.fr', 'jc@orange.fr'),
].join('\r\n');

async function importFile(pc: Desktop, text: string, fileName: string, library = libraryId) {
  const session = await pc.api.call('import.open', {
    libraryId: library,
    fileName,
    content: Buffer.from(text, 'latin1').toString('base64'),
  });
  return pc.api.call('import.commit', { sessionId: session.sessionId });
}

/** A PC's patrons as people see them, by library and card. */
function patronsOf(pc: Desktop) {
  return pc.context.database.sqlite
    .prepare(
      `SELECT id, library_id, card_number, email, registered, duplicate_of, duplicate_status, updated_at
       FROM patron ORDER BY library_id, card_number`,
    )
    .all() as { id: string; card_number: string; email: string | null }[];
}

/** A, B and the server hold the same patrons, column for column. */
async function expectConverged() {
  const truth = await serverRows(central.url, 'controle@lot.fr', password);
  const onServer = [...truth]
    .filter(([key]) => key.startsWith('patron/'))
    .map(([, row]) => row)
    .sort((x, y) => (`${x.library_id}/${x.card_number}` < `${y.library_id}/${y.card_number}` ? -1 : 1));
  const columns = (row: Record<string, unknown>) => ({
    id: row.id,
    library_id: row.library_id,
    card_number: row.card_number,
    email: row.email,
    registered: row.registered,
    duplicate_of: row.duplicate_of,
    duplicate_status: row.duplicate_status,
    updated_at: row.updated_at,
  });
  expect(patronsOf(a)).toEqual(onServer.map(columns));
  expect(patronsOf(b)).toEqual(onServer.map(columns));
}

/** The server's latest version: what a pull from 0 ends at. */
async function serverVersion(pc: Desktop) {
  await sync(pc);
  return (pc.context.database.sqlite.prepare('SELECT cursor FROM sync_state').pluck().get() as number) ?? 0;
}

beforeAll(async () => {
  central = await startTestCentral();
  await central.addUser('anne@lot.fr', 'agent', password);
  await central.addUser('bruno@lot.fr', 'agent', password);
  await central.addUser('controle@lot.fr', 'reader', password, { personalData: true });
  a = await openDesktop(dir, 'Anne', {
    transport: (url) => {
      const inner = faultyTransport(
        httpTransport(url),
        { next: (request) => faultA?.(request.method, request.path) ?? 'none' },
        central,
      );
      return {
        async send(request) {
          await beforeA?.(request);
          return inner.send(request);
        },
      };
    },
  });
  b = await openDesktop(dir, 'Bruno');
  await login(a, 'anne@lot.fr');
  await login(b, 'bruno@lot.fr');
  libraryId = (
    await a.api.call('library.add', {
      name: 'Médiathèque de Prayssac',
      commune: '46225',
      ils: 'other',
      code: 'BIB-PRAYSSAC',
    })
  ).id;
  await importFile(a, fixture, 'lecteurs.csv');
  await sync(a);
  await sync(b);
});

describe('patron changes other than imports reach the other PCs', () => {
  it('an undo synced: the created patrons are gone on B, the updated ones restored, the batch shown undone', async () => {
    const before = patronsOf(b);
    expect(before.length).toBeGreaterThan(0);
    const { batchId, counts } = await importFile(a, laterExport, 'lecteurs-2.csv');
    expect(counts).toMatchObject({ created: 1, updated: 1 });
    await sync(a);
    await sync(b);
    expect(patronsOf(b).map((p) => p.card_number)).toContain('46CZ000099');
    expect(patronsOf(b).find((p) => p.card_number === '46CZ000002')?.email).toBe('helene.darcy@nouveau.fr');

    const undone = await a.api.call('import.undo', { batchId });
    expect(undone).toMatchObject({ removed: 1, restored: 1 });
    expect((await a.api.call('sync.status', {})).pending.batches).toBe(1);
    await sync(a);
    expect((await a.api.call('sync.status', {})).pending.batches).toBe(0);
    await sync(b);
    expect(patronsOf(b).map((p) => p.card_number)).not.toContain('46CZ000099');
    expect(patronsOf(b).find((p) => p.card_number === '46CZ000002')?.email).toBe(
      before.find((p) => p.card_number === '46CZ000002')?.email,
    );
    const history = await b.api.call('import.list', { libraryId });
    expect(history.find((batch) => batch.id === batchId)).toMatchObject({
      undoneAt: expect.any(String),
      undoneBy: 'anne@lot.fr',
    });
    await expectConverged();
  });

  it('an import undone before it was ever uploaded: its created patrons never reach B, the batch arrives undone', async () => {
    const { batchId } = await importFile(a, laterExport, 'lecteurs-3.csv');
    await a.api.call('import.undo', { batchId });
    expect((await a.api.call('sync.status', {})).pending.batches).toBe(2);
    await sync(a);
    await sync(b);
    expect(patronsOf(b).map((p) => p.card_number)).not.toContain('46CZ000099');
    const history = await b.api.call('import.list', { libraryId });
    expect(history.find((batch) => batch.id === batchId)?.undoneAt).not.toBeNull();
    await expectConverged();
  });

  it('a duplicate decision synced; its chunk sent twice and its commit answer lost, it applies once', async () => {
    // Josette, already a patron of Prayssac, registers at Martel too: a possible duplicate.
    const martel = await a.api.call('library.add', {
      name: 'Bibliothèque de Martel',
      commune: '46185',
      ils: 'other',
      code: 'BIB-MARTEL',
    });
    await importFile(
      a,
      [header, josette.replace('46CZ000001', 'MA000001')].join('\r\n'),
      'martel.csv',
      martel.id,
    );
    await sync(a);
    await sync(b);
    const doubled = patronsOf(b).find((p) => p.card_number === 'MA000001');
    expect(doubled).toMatchObject({ duplicate_status: 'possible' });
    const versionBefore = await serverVersion(a);

    await a.api.call('patron.resolveDuplicate', { id: doubled?.id as string, decision: 'distinct' });
    let commits = 0;
    faultA = (method, requestPath) => {
      if (method === 'PUT' && requestPath.startsWith('/sync/batches/')) return 'duplicate';
      if (requestPath.endsWith('/commit')) return commits++ === 0 ? 'dropResponse' : 'none';
      return 'none';
    };
    try {
      await sync(a);
    } finally {
      faultA = undefined;
    }
    expect(commits).toBe(2);
    await sync(b);
    expect(patronsOf(b).find((p) => p.card_number === 'MA000001')).toMatchObject({
      duplicate_status: 'distinct',
    });
    // One row, one version: the second commit got the first one's stored result.
    expect(await serverVersion(a)).toBe(versionBefore + 1);
    await expectConverged();
  });

  it('a decision made while a sync is pulling stays, and wins over the server’s older one on the next sync', async () => {
    const doubled = patronsOf(a).find((p) => p.card_number === 'MA000001') as { id: string };
    await b.api.call('patron.resolveDuplicate', { id: doubled.id, decision: 'confirmed' });
    await sync(b);
    let decided = false;
    beforeA = async (request) => {
      if (decided || !request.path.startsWith('/sync/pull')) return;
      decided = true;
      // Anne looks again while her PC is pulling Bruno's decision: different people after all.
      await a.api.call('patron.resolveDuplicate', { id: doubled.id, decision: 'distinct' });
    };
    try {
      await sync(a);
    } finally {
      beforeA = undefined;
    }
    expect(decided).toBe(true);
    const mine = () => patronsOf(a).find((p) => p.id === doubled.id);
    expect(mine()).toMatchObject({ duplicate_status: 'distinct' });
    expect((await a.api.call('sync.status', {})).pending.batches).toBe(1);
    await sync(a);
    await sync(b);
    expect(patronsOf(b).find((p) => p.id === doubled.id)).toMatchObject({ duplicate_status: 'distinct' });
    await expectConverged();
  });

  it('a purge synced: the patrons whose registration ended are deleted on B and on the server', async () => {
    const preview = await a.api.call('patron.purgePreview', { months: 12, today: '2026-11-25' });
    expect(preview.count).toBeGreaterThan(0);
    const countBefore = patronsOf(b).length;
    const { purged } = await a.api.call('patron.purge', { months: 12, today: '2026-11-25' });
    await sync(a);
    await sync(b);
    expect(patronsOf(b)).toHaveLength(countBefore - purged);
    const left = b.context.database.sqlite
      .prepare("SELECT count(*) FROM patron WHERE expires_on < '2025-11-25'")
      .pluck()
      .get();
    expect(left).toBe(0);
    // The search index followed the rows.
    expect((await b.api.call('patron.search', { text: 'loïc' })).total).toBe(0);
    await expectConverged();
  });

  it('a reader’s PC refuses, in French and writing nothing, the changes the server would refuse', async () => {
    const reader = await openDesktop(dir, 'Contrôle');
    await login(reader, 'controle@lot.fr');
    await sync(reader);
    const before = patronsOf(reader);
    await expect(reader.api.call('patron.purge', { months: 1, today: '2030-01-01' })).rejects.toMatchObject({
      code: 'READ_ONLY_ACCOUNT',
      message: expect.stringMatching(/lecture seule/),
    });
    await expect(
      reader.api.call('epci.updateFollowUp', { siren: grandFigeac, nextAction: 'Lire', nextActionDue: null }),
    ).rejects.toMatchObject({ code: 'READ_ONLY_ACCOUNT' });
    const session = await reader.api.call('import.open', {
      libraryId,
      fileName: 'lecteurs.csv',
      content: Buffer.from(laterExport, 'latin1').toString('base64'),
    });
    await expect(reader.api.call('import.commit', { sessionId: session.sessionId })).rejects.toMatchObject({
      code: 'READ_ONLY_ACCOUNT',
    });
    const [imported] = await reader.api.call('import.list', {});
    await expect(
      reader.api.call('import.undo', { batchId: (imported as { id: string }).id }),
    ).rejects.toMatchObject({ code: 'READ_ONLY_ACCOUNT' });
    expect(patronsOf(reader)).toEqual(before);
    expect((await reader.api.call('sync.status', {})).pending).toEqual({ changes: 0, batches: 0 });
    // Logged out, the PC is its own again.
    await reader.api.call('sync.logout', {});
    await reader.api.call('epci.updateFollowUp', {
      siren: grandFigeac,
      nextAction: 'Lire',
      nextActionDue: null,
    });
  });

  it('a change made before a reader logged in is refused by the server with a stable code; its PC files it and still pulls', async () => {
    const reader = await openDesktop(dir, 'Contrôle-2');
    await login(reader, 'controle@lot.fr');
    await sync(reader);
    const onServer = patronsOf(a).length;
    // Logged out, the PC works on its own: the purge is made and queued.
    await reader.api.call('sync.logout', {});
    await reader.api.call('patron.purge', { months: 1, today: '2030-01-01' });
    await login(reader, 'controle@lot.fr');
    await a.api.call('epci.updateFollowUp', {
      siren: grandFigeac,
      nextAction: 'Relancer après la purge refusée',
      nextActionDue: null,
    });
    await sync(a);
    await sync(reader);
    const status = await reader.api.call('sync.status', {});
    expect(status.pending.batches).toBe(0);
    expect(status.rejections).toBe(1);
    expect(await reader.api.call('sync.rejections', {})).toMatchObject([
      { table: 'patron', code: 'FORBIDDEN', reason: expect.stringMatching(/droit/) },
    ]);
    expect((await reader.api.call('epci.get', { siren: grandFigeac })).followUp.nextAction).toBe(
      'Relancer après la purge refusée',
    );
    await sync(b);
    expect(patronsOf(b)).toHaveLength(onServer);
  });
});

describe('a large import', () => {
  it('travels in several chunks of new and of updated patrons, read a chunk at a time, and reaches B whole', async () => {
    const large = (
      await a.api.call('library.add', { name: 'Médiathèque de Figeac', commune: '46102', ils: 'koha' })
    ).id;
    const importText = async (text: string, fileName: string) => {
      const session = await a.api.call('import.open', {
        libraryId: large,
        fileName,
        content: Buffer.from(text, 'utf8').toString('base64'),
      });
      return a.api.call('import.commit', { sessionId: session.sessionId });
    };
    const first = generatePatronFile({ rows: 2_500, prefix: 'FG', seed: 3, badShare: 0 }).text;
    // The same patrons with a new e-mail each, and 2,100 newcomers: more than one chunk of each.
    const later = generatePatronFile({ rows: 4_600, prefix: 'FG', seed: 3, badShare: 0 }).text.replace(
      /@/g,
      '.nouveau@',
    );
    expect((await importText(first, 'figeac-1.csv')).counts.created).toBe(2_500);
    expect((await importText(later, 'figeac-2.csv')).counts).toMatchObject({
      created: 2_100,
      updated: 2_500,
    });
    await sync(a);
    await sync(b);
    const of = (pc: Desktop) =>
      pc.context.database.sqlite
        .prepare('SELECT card_number, email FROM patron WHERE library_id = ? ORDER BY card_number')
        .all(large) as { card_number: string; email: string }[];
    expect(of(b)).toHaveLength(4_600);
    expect(of(b)).toEqual(of(a));
    expect(of(b).every((patron) => patron.email.includes('.nouveau@'))).toBe(true);
    await expectConverged();
  });
});
