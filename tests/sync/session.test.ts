import { beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, type SyncRequest } from '../../electron/services/sync/transport.ts';
import { grandFigeac } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';
import { password, startTestCentral } from './helpers/central.ts';
import { type Desktop, openDesktop } from './helpers/desktop.ts';

const dir = tempDir('mednum-sync-session-');
const hour = 3600 * 1000;
/** The server's clock, moved forward to expire access tokens. */
let serverAhead = 0;
const requests: SyncRequest[] = [];
let pc: Desktop;
let centralUrl: string;

beforeAll(async () => {
  const central = await startTestCentral({ now: () => new Date(Date.now() + serverAhead) });
  await central.addUser('anne@lot.fr', 'agent', password);
  centralUrl = central.url;
  // This PC's clock is a day behind: token expiry is measured from the server's own figures.
  pc = await openDesktop(dir, 'Anne', {
    now: () => new Date(Date.now() - 24 * hour),
    transport: (url) => {
      const inner = httpTransport(url);
      return {
        send: (request) => {
          requests.push(request);
          return inner.send(request);
        },
      };
    },
  });
  await pc.api.call('sync.login', { serverUrl: central.url, email: 'anne@lot.fr', password });
});

describe('tokens', () => {
  it('uses the access token while it lives, without a refresh per request', async () => {
    requests.length = 0;
    await pc.api.call('sync.now', {});
    await pc.api.call('sync.now', {});
    expect(requests.filter((r) => r.path === '/auth/refresh')).toHaveLength(0);
    expect(
      requests.every((r) => r.path === '/auth/login' || r.headers.authorization?.startsWith('Bearer ')),
    ).toBe(true);
  });

  it('an access token the server calls expired is refreshed once, and the request goes through', async () => {
    serverAhead = 2 * hour;
    requests.length = 0;
    await pc.api.call('epci.updateFollowUp', {
      siren: grandFigeac,
      nextAction: 'Relancer',
      nextActionDue: null,
    });
    expect((await pc.api.call('sync.now', {})).pushed).toBe(1);
    expect(requests.filter((r) => r.path === '/auth/refresh')).toHaveLength(1);
  });

  it('after logout, sync asks to log in again, in French, and keeps the waiting changes', async () => {
    await pc.api.call('sync.logout', {});
    await pc.api.call('epci.updateFollowUp', {
      siren: grandFigeac,
      nextAction: 'Rappeler',
      nextActionDue: null,
    });
    await expect(pc.api.call('sync.now', {})).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
      message: /Connectez-vous/,
    });
    const status = await pc.api.call('sync.status', {});
    expect(status).toMatchObject({ configured: true, loggedIn: false, pending: { changes: 1 } });
  });
});

describe('logging in to an address where no server answers', () => {
  it('says which address to check, in French, and keeps this PC as it was', async () => {
    const alone = await openDesktop(dir, 'Seul');
    // A port nothing listens on: the connection is refused at once.
    const unreachable = centralUrl.replace(/:\d+$/, ':9');
    await expect(
      alone.api.call('sync.login', { serverUrl: unreachable, email: 'anne@lot.fr', password }),
    ).rejects.toMatchObject({
      code: 'SYNC_OFFLINE',
      message: `Serveur central injoignable à l’adresse « ${unreachable} » : vérifiez l’adresse et la connexion de ce poste, puis réessayez.`,
    });
    expect(await alone.api.call('sync.status', {})).toMatchObject({ configured: false, loggedIn: false });
  });
});

describe('a server address saved before https was required', () => {
  it('is sent nothing — no refresh token, no change, no logout — and the sync says why, in French', async () => {
    const reached: string[] = [];
    const old = await openDesktop(dir, 'Ancien', {
      transport: (url) => {
        reached.push(url);
        return httpTransport(url);
      },
    });
    await old.api.call('sync.login', { serverUrl: centralUrl, email: 'anne@lot.fr', password });
    // What a version without the rule may have stored (the doors refuse it now: tests/unit/server-url).
    old.context.database.sqlite.prepare("UPDATE sync_state SET server_url = 'http://mednum.lot.fr'").run();
    reached.length = 0;
    await expect(old.api.call('sync.now', {})).rejects.toMatchObject({
      code: 'SYNC_NOT_CONFIGURED',
      message: /https:\/\//,
    });
    await old.api.call('sync.logout', {});
    expect(reached).toEqual([]);
  });
});
