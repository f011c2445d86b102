import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileSecretStore } from '../../electron/services/sync/secret-store.ts';
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

beforeAll(async () => {
  const central = await startTestCentral({ now: () => new Date(Date.now() + serverAhead) });
  await central.addUser('anne@lot.fr', 'agent', password);
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

describe('the CLI and host secret store', () => {
  it('keeps each secret in a file only its user can read', () => {
    const store = fileSecretStore(path.join(dir, 'secrets'));
    store.set('sync-refresh-x', 'jeton');
    expect(store.get('sync-refresh-x')).toBe('jeton');
    const file = path.join(dir, 'secrets', 'sync-refresh-x.secret');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    store.delete('sync-refresh-x');
    expect(store.get('sync-refresh-x')).toBeUndefined();
  });
});
