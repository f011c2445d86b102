import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { updateRow } from '../../db/write.ts';
import { httpTransport } from '../../electron/services/sync/transport.ts';
import { PROTOCOL_VERSION, protocolHeaders } from '../../shared/sync/protocol.ts';
import { grandFigeac, quercyBlanc } from '../helpers/app.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';
import { password, startTestCentral } from './helpers/central.ts';
import { type Desktop, openDesktop } from './helpers/desktop.ts';
import { faultyTransport, scriptedPlan } from './helpers/fault-transport.ts';
import { serverRows } from './helpers/server-state.ts';

const dir = tempDir('mednum-sync-named-');
const day = 24 * 3600 * 1000;
let central: Awaited<ReturnType<typeof startTestCentral>>;
let a: Desktop;
let b: Desktop;
let faultsA = scriptedPlan([]);
const requestsA: string[] = [];

const sync = (pc: Desktop) => pc.api.call('sync.now', {});
const login = (pc: Desktop, email: string) =>
  pc.api.call('sync.login', { serverUrl: central.url, email, password });

beforeAll(async () => {
  central = await startTestCentral();
  for (const email of ['anne@lot.fr', 'bruno@lot.fr', 'chloe@lot.fr'])
    await central.addUser(email, 'agent', password);
  await central.addUser('controle@lot.fr', 'reader', password, { personalData: true });
  // Anne's clock runs a day ahead, Bruno's a day behind: nothing may depend on them.
  a = await openDesktop(dir, 'Anne', {
    now: () => new Date(Date.now() + day),
    transport: (url) =>
      faultyTransport(httpTransport(url), { next: (r) => faultsA.next(r) }, central, (request) =>
        requestsA.push(`${request.method} ${request.path.split('?')[0]}`),
      ),
  });
  b = await openDesktop(dir, 'Bruno', { now: () => new Date(Date.now() - day) });
  await login(a, 'anne@lot.fr');
  await login(b, 'bruno@lot.fr');
  await sync(a);
  await sync(b);
});

async function expectConverged() {
  const truth = await serverRows(central.url, 'controle@lot.fr', password);
  for (const pc of [a, b]) {
    for (const [key, row] of truth) {
      const [table, id] = key.split('/') as [string, string];
      if (table === 'patron' || table === 'import_batch') continue;
      const local = pc.context.database.sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as
        | Record<string, unknown>
        | undefined;
      expect(local, `${pc.name}: ${key}`).toBeDefined();
      for (const [column, value] of Object.entries(row))
        expect(local?.[column], `${pc.name}: ${key}.${column}`).toEqual(value);
    }
  }
}

describe('named scenarios (clocks a day apart)', () => {
  it('two PCs create the same EPCI’s follow-up offline: one follow-up, one conflict, the local row replaced', async () => {
    await a.api.call('epci.setStatus', { siren: quercyBlanc, status: 'in_discussion' });
    await b.api.call('epci.setStatus', { siren: quercyBlanc, status: 'left' });
    const localB = await b.context.database.db
      .selectFrom('epci_followup')
      .select('id')
      .where('epci_siren', '=', quercyBlanc)
      .executeTakeFirstOrThrow();
    await sync(a);
    expect((await sync(b)).conflicts).toBe(1);
    await sync(a);
    const followUps = await b.context.database.db
      .selectFrom('epci_followup')
      .select(['id', 'status'])
      .where('epci_siren', '=', quercyBlanc)
      .execute();
    expect(followUps).toHaveLength(1);
    expect(followUps[0]?.id).not.toBe(localB.id);
    expect(followUps[0]?.status).toBe('in_discussion');
    const [conflict] = await a.api.call('sync.conflicts', {});
    expect(conflict).toMatchObject({ serverValue: 'in_discussion', clientValue: 'left' });
    await a.api.call('sync.resolve', { id: conflict?.id ?? '', keep: 'theirs' });
    await sync(a);
    await sync(b);
    expect(await b.api.call('sync.conflicts', {})).toEqual([]);
    await expectConverged();
  });

  it('two status moves on one PC between syncs are not a conflict with oneself', async () => {
    await a.api.call('epci.setStatus', { siren: quercyBlanc, status: 'convention_drafted' });
    await a.api.call('epci.setStatus', { siren: quercyBlanc, status: 'in_discussion' });
    await a.api.call('epci.setStatus', { siren: quercyBlanc, status: 'convention_drafted' });
    expect((await sync(a)).conflicts).toBe(0);
    await sync(b);
    expect((await b.api.call('epci.get', { siren: quercyBlanc })).status).toBe('convention_drafted');
  });

  it('a convention rate changed offline on two PCs: exactly one conflict holding both rates, on both PCs', async () => {
    const { id } = await a.api.call('convention.add', {
      epci: grandFigeac,
      start: '2027-01-01',
      end: null,
      rate: '0,30',
      basis: 'totale',
      millesime: 2022,
      perimeter: 'epci',
      prorata: 'days',
      floor: null,
      cap: null,
    });
    await sync(a);
    await sync(b);
    // No screen edits a rate yet: the write path itself, as a future one would.
    const setRate = (pc: Desktop, rate: number) =>
      pc.context.database.db
        .transaction()
        .execute((trx) =>
          updateRow(
            trx,
            'convention',
            id,
            { rate_e4: rate },
            { actor: pc.name, now: pc.context.now(), epci: grandFigeac },
          ),
        );
    await setRate(a, 3500);
    await setRate(b, 2800);
    await sync(a);
    await sync(b);
    await sync(a);
    for (const pc of [a, b]) {
      const conflicts = (await pc.api.call('sync.conflicts', {})).filter((c) => c.table === 'convention');
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatchObject({
        field: 'rate_e4',
        serverValue: 3500,
        clientValue: 2800,
        fieldLabel: 'tarif par habitant',
      });
      expect((await pc.api.call('epci.get', { siren: grandFigeac })).conventions[0]?.rate).toBe('0.35');
    }
    const [conflict] = (await b.api.call('sync.conflicts', {})).filter((c) => c.table === 'convention');
    await b.api.call('sync.resolve', { id: conflict?.id ?? '', keep: 'edit', value: 3000 });
    await sync(b);
    await sync(a);
    expect((await a.api.call('epci.get', { siren: grandFigeac })).conventions[0]?.rate).toBe('0.30');
    await expectConverged();
  });

  it('edit against delete: the delete wins, the edit is refused with a reason kept for people', async () => {
    const contact = await a.api.call('contact.add', {
      siren: grandFigeac,
      name: 'Mme Delpech',
      role: 'DGS',
      email: '',
      phone: '',
    });
    await sync(a);
    await sync(b);
    await b.api.call('contact.remove', { id: contact.id });
    await a.api.call('contact.update', { ...contact, phone: '05 65 34 00 00' });
    await sync(b);
    await sync(a);
    const rejections = await a.api.call('sync.rejections', {});
    expect(rejections[0]).toMatchObject({ table: 'contact', rowId: contact.id, code: 'ROW_DELETED' });
    expect(rejections[0]?.reason).toMatch(/supprimée/);
    for (const pc of [a, b])
      expect((await pc.api.call('epci.get', { siren: grandFigeac })).contacts).toEqual([]);
    expect((await a.api.call('sync.status', {})).rejections).toBe(1);
    await expectConverged();
  });

  it('an import batch uploads in chunks; a duplicated chunk and a lost commit answer change nothing', async () => {
    const library = await a.api.call('library.add', {
      name: 'Médiathèque de Figeac',
      commune: '46102',
      ils: 'other',
      code: 'BIB-SYNC',
    });
    const bytes = fs.readFileSync(path.join(repoRoot, 'tests/fixtures/import/francais-excel.csv'));
    const session = await a.api.call('import.open', {
      libraryId: library.id,
      fileName: 'lecteurs.csv',
      content: bytes.toString('base64'),
    });
    const { counts } = await a.api.call('import.commit', { sessionId: session.sessionId });
    expect((await a.api.call('sync.status', {})).pending.batches).toBe(1);
    requestsA.length = 0;
    // push; chunk PUT sent twice at once; commit committed but its answer lost: the retried sync sends
    // the chunk and the commit again.
    faultsA = scriptedPlan(['none', 'duplicate', 'dropResponse']);
    await sync(a);
    expect(requestsA.filter((r) => r.startsWith('PUT /sync/batches/'))).toHaveLength(3);
    expect(requestsA.filter((r) => r.endsWith('/commit'))).toHaveLength(2);
    expect((await a.api.call('sync.status', {})).pending.batches).toBe(0);
    await sync(b);
    const countB = await b.api.call('patron.count', { libraryId: library.id });
    expect(countB.count).toBe(counts.created);
    expect(await b.api.call('patron.search', { text: 'josette' })).toMatchObject({ total: 1 });
    // The batch came back to A from the server: it is not queued again.
    await sync(a);
    expect((await a.api.call('sync.status', {})).pending.batches).toBe(0);
  });

  it('the server restarting in the middle of a push loses nothing and applies nothing twice', async () => {
    for (const name of ['A', 'B', 'C'])
      await a.api.call('cost.add', {
        year: 2027,
        vendor: name,
        label: 'Licence',
        pricing: 'flat',
        amount: '100',
      });
    faultsA = scriptedPlan(['restart', 'dropResponse', 'restart']);
    await sync(a);
    await sync(b);
    expect((await b.api.call('cost.list', { year: 2027 })).map((c) => c.vendor).sort()).toEqual([
      'A',
      'B',
      'C',
    ]);
    await expectConverged();
  });

  it('an outdated client is told to update, in French, and keeps its outbox', async () => {
    const old = await openDesktop(dir, 'Ancien', {
      transport: (url) => {
        const inner = httpTransport(url);
        return {
          send: (request) =>
            inner.send({
              ...request,
              headers: { ...request.headers, [protocolHeaders.protocol]: String(PROTOCOL_VERSION - 1) },
            }),
        };
      },
    });
    await old.api.call('sync.configure', { serverUrl: central.url });
    await expect(login(old, 'chloe@lot.fr')).rejects.toMatchObject({
      code: 'CLIENT_TOO_OLD',
      message: expect.stringMatching(/mettez-la à jour/),
    });
    await old.api.call('epci.updateFollowUp', {
      siren: grandFigeac,
      nextAction: 'Appeler',
      nextActionDue: null,
    });
    await expect(sync(old)).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    expect((await old.api.call('sync.status', {})).pending.changes).toBe(1);
  });

  it('a fresh PC starts from the snapshot, then pulls; a new server renumbers nothing it already holds', async () => {
    const c = await openDesktop(dir, 'Chloe');
    await login(c, 'chloe@lot.fr');
    const outcome = await sync(c);
    expect(outcome.pulled).toBeGreaterThan(0);
    expect(await c.api.call('patron.count', {})).toEqual(await b.api.call('patron.count', {}));
    expect((await c.api.call('epci.get', { siren: quercyBlanc })).status).toBe('convention_drafted');
    const cursorC = await c.context.database.db
      .selectFrom('sync_state')
      .select('cursor')
      .executeTakeFirstOrThrow();
    const cursorB = await b.context.database.db
      .selectFrom('sync_state')
      .select('cursor')
      .executeTakeFirstOrThrow();
    expect(cursorC.cursor).toBe(cursorB.cursor);
  });

  it('a database restored from an older copy reuses sequence numbers: it goes on as a new client, nothing lost', async () => {
    await b.api.call('epci.updateFollowUp', {
      siren: grandFigeac,
      nextAction: 'Avant la restauration',
      nextActionDue: null,
    });
    await sync(b);
    // What a restored backup looks like to the server: the next change gets a number it already holds.
    b.context.database.sqlite
      .prepare("UPDATE sqlite_sequence SET seq = seq - 1 WHERE name = 'sync_outbox'")
      .run();
    await b.api.call('epci.updateFollowUp', {
      siren: grandFigeac,
      nextAction: 'Après la restauration',
      nextActionDue: null,
    });
    const before = await b.context.database.db
      .selectFrom('sync_state')
      .select('client_id')
      .executeTakeFirstOrThrow();
    expect((await sync(b)).pushed).toBe(1);
    const after = await b.context.database.db
      .selectFrom('sync_state')
      .select('client_id')
      .executeTakeFirstOrThrow();
    expect(after.client_id).not.toBe(before.client_id);
    await sync(a);
    expect((await a.api.call('epci.get', { siren: grandFigeac })).followUp.nextAction).toBe(
      'Après la restauration',
    );
  });

  it('a PC whose outbox starts past what a (new) server expects renumbers it and sends it (SYNC_GAP)', async () => {
    const other = await startTestCentral();
    await other.addUser('anne@lot.fr', 'agent', password);
    await a.api.call('epci.updateFollowUp', {
      siren: grandFigeac,
      nextAction: 'Nouvelle relance',
      nextActionDue: null,
    });
    const [first] = await a.context.database.db.selectFrom('sync_outbox').select('client_seq').execute();
    expect(first?.client_seq).toBeGreaterThan(1);
    await a.api.call('sync.login', { serverUrl: other.url, email: 'anne@lot.fr', password });
    faultsA = scriptedPlan([]);
    const outcome = await sync(a);
    expect(outcome.pushed).toBe(1);
    expect((await a.api.call('sync.status', {})).pending.changes).toBe(0);
  });
});
