import { describe, expect, it } from 'vitest';
import { backends } from '../central/backends.ts';
import { grandFigeac } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';
import { password, startTestCentral } from './helpers/central.ts';
import { openDesktop } from './helpers/desktop.ts';

/**
 * Two PCs running as the app runs (a long-lived door: the live channel on, the periodic sync an hour away),
 * nobody pressing « Synchroniser »: what one saves shows in the other's database within a second, both
 * ways, and while both edit at once nothing is lost. Then the service restarts: the channel comes back.
 */
describe.each(backends)('live sync between two PCs ($name)', (backend) => {
  it('an edit saved on one PC shows on the other without a manual sync, both ways; after a restart too', async () => {
    const dir = tempDir('mednum-live-');
    const central = await startTestCentral({ backend });
    await central.addUser('anne@lot.fr', 'agent', password);
    await central.addUser('bruno@lot.fr', 'agent', password);
    const hour = 3_600_000;
    const a = await openDesktop(dir, 'Anne', { everyMs: hour, retryDelaysMs: [20, 50] });
    const b = await openDesktop(dir, 'Bruno', { everyMs: hour, retryDelaysMs: [20, 50] });
    await a.api.call('sync.login', { serverUrl: central.url, email: 'anne@lot.fr', password });
    await b.api.call('sync.login', { serverUrl: central.url, email: 'bruno@lot.fr', password });
    await a.api.call('sync.now', {});
    await b.api.call('sync.now', {});
    const nextActionOn = async (pc: typeof a) =>
      (await pc.api.call('epci.get', { siren: grandFigeac })).followUp.nextAction;

    await a.api.call('epci.updateFollowUp', {
      siren: grandFigeac,
      nextAction: 'Appeler',
      nextActionDue: null,
    });
    await expect.poll(() => nextActionOn(b), { timeout: 5_000, interval: 10 }).toBe('Appeler');
    await b.api.call('epci.updateFollowUp', {
      siren: grandFigeac,
      nextAction: 'Relancer',
      nextActionDue: null,
    });
    await expect.poll(() => nextActionOn(a), { timeout: 5_000, interval: 10 }).toBe('Relancer');

    // Both add contacts at the same time: every one reaches both PCs, none twice.
    await Promise.all(
      [a, b].flatMap((pc) =>
        Array.from({ length: 15 }, (_, i) =>
          pc.api.call('contact.add', {
            siren: grandFigeac,
            name: `${pc.name} ${i}`,
            role: '',
            email: '',
            phone: '',
          }),
        ),
      ),
    );
    for (const pc of [a, b])
      await expect
        .poll(async () => (await pc.api.call('epci.get', { siren: grandFigeac })).contacts.length, {
          timeout: 10_000,
          interval: 20,
        })
        .toBe(30);

    // The service restarts: the stream ends, the PCs follow it again, and the next edit still goes live.
    await central.restart();
    await a.api.call('epci.updateFollowUp', { siren: grandFigeac, nextAction: 'Après', nextActionDue: null });
    await expect.poll(() => nextActionOn(b), { timeout: 10_000, interval: 20 }).toBe('Après');
    expect((await a.api.call('sync.status', {})).pending.changes).toBe(0);
  }, 180_000);
});
