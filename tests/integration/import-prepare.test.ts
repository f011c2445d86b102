import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { type Api, createApi } from '../../shared/api.ts';
import { openTestApp } from '../helpers/app.ts';
import { placeSeededDatabase } from '../helpers/seeded-database.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * `import.prepare`: the wizard's library picked, the worker kept ready reads its patrons before the file
 * comes. What it read must never stand for what the library holds once another connection has written.
 */
const header = 'N° carte;Nom;Prénom\r\n';
const csv = (text: string) => Buffer.from(header + text, 'latin1').toString('base64');

describe('import.prepare with a worker kept ready (desktop app, browser host)', () => {
  let context: AppContext;
  let api: Api;
  let libraryId: string;
  let otherId: string;

  beforeAll(async () => {
    const databasePath = path.join(tempDir(), 'prepare.sqlite');
    await placeSeededDatabase(databasePath);
    context = await openAppContext({ databasePath, version: 'test', prepareImportWorker: true });
    api = createApi(localInvoke(openGate(context)));
    await api.call('settings.update', { staffName: 'Claire Agent' });
    libraryId = (await api.call('library.add', { name: 'Médiathèque P', commune: '46102', ils: 'koha' })).id;
    otherId = (await api.call('library.add', { name: 'Médiathèque Q', commune: '46042', ils: 'pmb' })).id;
    const first = await api.call('import.open', {
      libraryId,
      fileName: 'p1.csv',
      content: csv('P1;Alpha;Anne\r\nP2;Beta;Bruno\r\n'),
    });
    await api.call('import.commit', { sessionId: first.sessionId });
  });
  afterAll(() => context.close());

  /** The worker used by the commit above ends, then the next one is started: prepared once it is there. */
  async function prepare(id: string) {
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await api.call('import.prepare', { libraryId: id })).prepared) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no worker kept ready after 5 s');
  }

  const openFull = (text: string) =>
    api.call('import.open', { libraryId, fileName: 'p2.csv', content: csv(text), mode: 'full' });

  it('compares the file with what the library holds at the opening, not at the library’s choice', async () => {
    await prepare(libraryId);
    // Another connection (here the app's own, as a sync's pull would) changes a patron after the choice.
    context.database.sqlite
      .prepare("UPDATE patron SET last_name = 'Beta-Martin' WHERE library_id = ? AND card_number = 'P2'")
      .run(libraryId);
    const session = await openFull('P1;Alpha;Anne\r\nP2;Beta;Bruno\r\n');
    expect(session.counts).toMatchObject({ unchanged: 1, updated: 1, created: 0, unregistered: 0 });
    const updated = await api.call('import.preview', {
      sessionId: session.sessionId,
      outcome: 'updated',
      offset: 0,
      limit: 5,
    });
    expect(updated.rows.map((row) => row.changes)).toEqual([
      [{ column: 'last_name', before: 'Beta-Martin', after: 'Beta' }],
    ]);
    await api.call('import.cancel', { sessionId: session.sessionId });
  });

  it('misses no write committed while the worker reads the library (both at once)', async () => {
    await api.call('import.cancel', { sessionId: (await openFull('P1;Alpha;Anne\r\n')).sessionId });
    // The worker reads on its own thread while this thread commits renames, one transaction each.
    const reading = prepare(libraryId);
    const rename = context.database.sqlite.prepare(
      "UPDATE patron SET first_name = ? WHERE library_id = ? AND card_number = 'P1'",
    );
    let renames = 0;
    let settled = false;
    void reading.finally(() => {
      settled = true;
    });
    while (!settled) {
      rename.run(`Anne-${++renames}`, libraryId);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await reading;
    const session = await openFull('P1;Alpha;Anne\r\nP2;Beta-Martin;Bruno\r\n');
    const updated = await api.call('import.preview', {
      sessionId: session.sessionId,
      outcome: 'updated',
      offset: 0,
      limit: 5,
    });
    expect(renames).toBeGreaterThan(0);
    expect(updated.rows.map((row) => row.changes)).toEqual([
      [{ column: 'first_name', before: `Anne-${renames}`, after: 'Anne' }],
    ]);
    await api.call('import.cancel', { sessionId: session.sessionId });
    rename.run('Anne', libraryId);
  });

  it('reads the opened library’s patrons when another library was picked before', async () => {
    await prepare(otherId);
    const session = await openFull('P1;Alpha;Anne\r\n');
    expect(session.counts).toMatchObject({ unchanged: 1, unregistered: 1, created: 0 });
    await api.call('import.cancel', { sessionId: session.sessionId });
  });

  it('says which library it does not know, and refuses what is not a library', async () => {
    await expect(api.call('import.prepare', { libraryId: 'BIB-INCONNUE' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/bibliothèque/i),
    });
    await expect(
      api.call('import.prepare', { libraryId, fileName: 'x.csv' } as unknown as { libraryId: string }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('import.prepare without a worker kept ready (the CLI)', () => {
  let opened: Awaited<ReturnType<typeof openTestApp>>;
  beforeAll(async () => {
    opened = await openTestApp(tempDir(), 'prepare-cli.sqlite');
  });

  it('prepares nothing, and the file is read as before', async () => {
    const { api } = opened;
    const libraryId = (
      await api.call('library.add', { name: 'Médiathèque R', commune: '46102', ils: 'koha' })
    ).id;
    expect(await api.call('import.prepare', { libraryId })).toEqual({ prepared: false });
    const session = await api.call('import.open', {
      libraryId,
      fileName: 'r.csv',
      content: csv('R1;Un;Une\r\n'),
    });
    expect(session.counts).toMatchObject({ created: 1 });
    await api.call('import.cancel', { sessionId: session.sessionId });
  });
});
