import { beforeAll, describe, expect, it } from 'vitest';
import { httpTransport } from '../../electron/services/sync/transport.ts';
import { protocolHeaders } from '../../shared/sync/protocol.ts';
import { grandFigeac, quercyBlanc } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';
import { password, startTestCentral } from './helpers/central.ts';
import { type Desktop, openDesktop } from './helpers/desktop.ts';

/** Issue 16: contribution scenarios are data — synced between PCs, their conflicts reviewed, backed up. */
const dir = tempDir('mednum-sync-stored-scenarios-');
let a: Desktop;
let b: Desktop;
let url = '';

const convention = (epci: string, rate: string) => ({
  epci,
  rate,
  start: '2027-01-01',
  end: null,
  basis: 'municipale' as const,
  millesime: 2022,
  perimeter: 'epci' as const,
  prorata: 'days' as const,
  floor: null,
  cap: null,
});
const banded = {
  ...convention(grandFigeac, '0.30'),
  bands: [
    { upTo: 10_000, rate: '0.30' },
    { upTo: null, rate: '0.20' },
  ],
};

beforeAll(async () => {
  const central = await startTestCentral();
  url = central.url;
  await central.addUser('anne@lot.fr', 'agent', password);
  await central.addUser('bruno@lot.fr', 'agent', password);
  a = await openDesktop(dir, 'Anne');
  b = await openDesktop(dir, 'Bruno');
  await a.api.call('sync.login', { serverUrl: central.url, email: 'anne@lot.fr', password });
  await b.api.call('sync.login', { serverUrl: central.url, email: 'bruno@lot.fr', password });
});

describe('stored scenarios on two PCs', () => {
  let id = '';

  it('a scenario made on one PC appears on the other after sync, bands and all', async () => {
    const made = await a.api.call('scenario.save', {
      name: 'Grand-Figeac dégressif',
      year: 2027,
      notes: 'Proposé en réunion du 12 mars.',
      conventions: [banded, convention(quercyBlanc, '0.25')],
    });
    id = made.id;
    expect(made).toMatchObject({ author: 'Anne', status: 'brouillon' });
    await a.api.call('sync.now', {});
    await b.api.call('sync.now', {});
    const seen = await b.api.call('scenario.get', { id });
    expect(seen).toMatchObject({
      name: 'Grand-Figeac dégressif',
      year: 2027,
      author: 'Anne',
      notes: 'Proposé en réunion du 12 mars.',
      status: 'brouillon',
    });
    expect(seen.conventions[0]?.bands).toEqual(banded.bands);
    // The other PC computes with it by id, as the Rapports screen does.
    const computed = await b.api.call('contributions.compute', { year: 2027, scenario: { id } });
    expect(computed.scenario).toBe('Grand-Figeac dégressif');
    expect(computed.lines.find((l) => l.epci === grandFigeac)?.bands).toHaveLength(2);
  });

  it('edited on both PCs offline: one conflict per reviewed field, resolved as on the Conflits screen', async () => {
    await a.api.call('scenario.setStatus', { id, status: 'presente' });
    await b.api.call('scenario.setStatus', { id, status: 'retenu' });
    await a.api.call('sync.now', {});
    const outcome = await b.api.call('sync.now', {});
    expect(outcome.conflicts).toBe(1);
    await a.api.call('sync.now', {});
    const [conflict] = await b.api.call('sync.conflicts', {});
    expect(conflict).toMatchObject({
      table: 'scenario',
      field: 'status',
      subject: 'Scénario « Grand-Figeac dégressif »',
      fieldLabel: 'statut',
      serverValue: 'presente',
      clientValue: 'retenu',
    });
    // The server kept its value until someone decides.
    expect((await b.api.call('scenario.get', { id })).status).toBe('presente');
    await b.api.call('sync.resolve', { id: conflict?.id ?? '', keep: 'mine' });
    await b.api.call('sync.now', {});
    await a.api.call('sync.now', {});
    for (const pc of [a, b]) {
      expect(await pc.api.call('sync.conflicts', {})).toEqual([]);
      expect((await pc.api.call('scenario.get', { id })).status).toBe('retenu');
    }
  });

  it('an edit, a duplicate and its removal travel too, without a conflict', async () => {
    await a.api.call('scenario.save', {
      id,
      name: 'Grand-Figeac dégressif',
      year: 2027,
      conventions: [banded],
      notes: 'A',
    });
    await a.api.call('sync.now', {});
    await b.api.call('sync.now', {});
    expect((await b.api.call('scenario.get', { id })).conventions).toHaveLength(1);
    const duplicate = await b.api.call('scenario.duplicate', { id });
    expect(duplicate).toMatchObject({
      name: 'Grand-Figeac dégressif (copie)',
      author: 'Bruno',
      status: 'brouillon',
    });
    await b.api.call('scenario.remove', { id: duplicate.id });
    await b.api.call('sync.now', {});
    await a.api.call('sync.now', {});
    expect((await a.api.call('scenario.list', {})).map((s) => s.id)).toEqual([id]);
    expect(await a.api.call('sync.conflicts', {})).toEqual([]);
  });

  it('is kept in a backup and comes back with its restore', async () => {
    const backup = await a.api.call('backup.create', {});
    await a.api.call('scenario.remove', { id });
    expect(await a.api.call('scenario.list', {})).toEqual([]);
    await a.api.call('backup.restore', { id: backup.id });
    const restored = await a.api.call('scenario.get', { id });
    expect(restored).toMatchObject({ name: 'Grand-Figeac dégressif', status: 'retenu' });
    expect(restored.conventions[0]?.bands).toEqual(banded.bands);
  });

  it('the journal says who made, edited and removed it, in French', async () => {
    const journal = await b.api.call('audit.list', { entity: 'scenario' });
    const fields = journal.entries.map((e) => `${e.action}:${e.field ?? ''}`);
    expect(fields).toEqual(expect.arrayContaining(['create:', 'update:status', 'delete:']));
  });

  it('a desktop of sync schema 1 (no scenario table) is told to update, and keeps its changes', async () => {
    const old = await openDesktop(dir, 'Ancien', {
      transport: (server) => {
        const inner = httpTransport(server);
        return {
          send: (request) =>
            inner.send({ ...request, headers: { ...request.headers, [protocolHeaders.schema]: '1' } }),
        };
      },
    });
    await old.api.call('sync.configure', { serverUrl: url });
    await expect(
      old.api.call('sync.login', { serverUrl: url, email: 'anne@lot.fr', password }),
    ).rejects.toMatchObject({ code: 'CLIENT_TOO_OLD', message: expect.stringMatching(/mettez-la à jour/) });
  });
});
