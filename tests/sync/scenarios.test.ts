import { beforeAll, describe, expect, it } from 'vitest';
import { grandFigeac } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';
import { password, startTestCentral } from './helpers/central.ts';
import { type Desktop, openDesktop } from './helpers/desktop.ts';

const dir = tempDir('mednum-sync-');
let url: string;
let a: Desktop;
let b: Desktop;

beforeAll(async () => {
  const central = await startTestCentral();
  url = central.url;
  await central.addUser('anne@lot.fr', 'agent', password);
  await central.addUser('bruno@lot.fr', 'agent', password);
  a = await openDesktop(dir, 'Anne');
  b = await openDesktop(dir, 'Bruno');
  await a.api.call('sync.login', { serverUrl: url, email: 'anne@lot.fr', password });
  await b.api.call('sync.login', { serverUrl: url, email: 'bruno@lot.fr', password });
});

describe('two PCs and the central service', () => {
  it('an edit made on one PC reaches the other', async () => {
    await a.api.call('epci.setStatus', { siren: grandFigeac, status: 'in_discussion' });
    expect((await a.api.call('sync.status', {})).pending.changes).toBe(2);
    const pushed = await a.api.call('sync.now', {});
    expect(pushed).toMatchObject({ pushed: 2, conflicts: 0 });
    expect((await a.api.call('sync.status', {})).pending.changes).toBe(0);
    await b.api.call('sync.now', {});
    const epci = await b.api.call('epci.get', { siren: grandFigeac });
    expect(epci.status).toBe('in_discussion');
    expect(epci.history.map((h) => h.by)).toEqual(['Anne']);
  });

  it('two PCs changing Grand-Figeac’s status offline: exactly one conflict, holding both values, on both PCs', async () => {
    await a.api.call('epci.setStatus', { siren: grandFigeac, status: 'convention_drafted' });
    await b.api.call('epci.setStatus', { siren: grandFigeac, status: 'left' });
    await a.api.call('sync.now', {});
    const outcome = await b.api.call('sync.now', {});
    expect(outcome.conflicts).toBe(1);
    await a.api.call('sync.now', {});
    for (const pc of [a, b]) {
      const conflicts = await pc.api.call('sync.conflicts', {});
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatchObject({
        field: 'status',
        serverValue: 'convention_drafted',
        clientValue: 'left',
        serverBy: 'anne@lot.fr',
        clientBy: 'bruno@lot.fr',
        status: 'open',
      });
      expect(conflicts[0]?.subject).toMatch(/Grand-Figeac/);
      // The server kept its value: both mirrors show it until a person decides.
      expect((await pc.api.call('epci.get', { siren: grandFigeac })).status).toBe('convention_drafted');
    }
  });

  it('a long-lived door sends waiting changes by itself', async () => {
    const c = await openDesktop(dir, 'Chloé', { everyMs: 100 });
    await c.api.call('sync.login', { serverUrl: url, email: 'anne@lot.fr', password });
    // Its first sync (the snapshot) comes first, as Réglages does after a login.
    await c.api.call('sync.now', {});
    await c.api.call('epci.updateFollowUp', {
      siren: grandFigeac,
      nextAction: 'Envoyer le projet',
      nextActionDue: null,
    });
    await expect
      .poll(async () => (await c.api.call('sync.status', {})).pending.changes, { timeout: 10_000 })
      .toBe(0);
    await a.api.call('sync.now', {});
    expect((await a.api.call('epci.get', { siren: grandFigeac })).followUp.nextAction).toBe(
      'Envoyer le projet',
    );
  });

  it('keeping the other value resolves the conflict everywhere', async () => {
    const [conflict] = await b.api.call('sync.conflicts', {});
    const resolved = await b.api.call('sync.resolve', { id: conflict?.id ?? '', keep: 'mine' });
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolution: 'mine',
      resolvedValue: 'left',
      resolvedBy: 'Bruno',
    });
    expect((await b.api.call('epci.get', { siren: grandFigeac })).status).toBe('left');
    await b.api.call('sync.now', {});
    await a.api.call('sync.now', {});
    for (const pc of [a, b]) {
      expect(await pc.api.call('sync.conflicts', {})).toEqual([]);
      expect((await pc.api.call('epci.get', { siren: grandFigeac })).status).toBe('left');
    }
  });
});
