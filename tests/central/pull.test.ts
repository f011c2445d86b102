import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../shared/sync/protocol.ts';
import { backends, startTestCentral } from './backends.ts';
import { client, grandFigeac, mutation } from './client.ts';

describe.each(backends)('pull ($name)', (backend) => {
  let server: Awaited<ReturnType<typeof startTestCentral>>;
  let api: ReturnType<typeof client>;
  let token: string;

  beforeAll(async () => {
    server = await startTestCentral(backend);
    api = client(server.url);
    token = (await api.login('reader@lot.fr', 'reader-password')).accessToken;
    const agent = (await api.login('agent@lot.fr', 'agent-password')).accessToken;
    const clientId = randomUUID();
    const mutations = Array.from({ length: 25 }, (_, i) =>
      mutation(i + 1, 'contact', `c-${i}`, {
        epci_siren: grandFigeac,
        name: `Contact ${i}`,
        role: '',
        email: '',
        phone: '',
      }),
    );
    mutations.push(mutation(26, 'contact', 'c-3', {}, 0, 'delete'));
    mutations.push(mutation(27, 'contact', 'c-4', { phone: '05' }, 0));
    const { body } = await api.push(agent, clientId, mutations);
    expect(body.results.every((r) => r.status === 'applied')).toBe(true);
  });
  afterAll(() => server.dispose());

  it('pages rows above the cursor in version order, tombstones included, until hasMore is false', async () => {
    const seen: Change[] = [];
    let cursor = 0;
    let pages = 0;
    for (;;) {
      const { status, body } = await api.pull(token, cursor, 10);
      expect(status).toBe(200);
      pages++;
      expect(body.cursor).toBeGreaterThanOrEqual(cursor);
      seen.push(...body.changes);
      cursor = body.cursor;
      if (!body.hasMore) break;
    }
    expect(pages).toBe(3);
    const versions = seen.map((c) => c.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    // 25 rows, one of them deleted (its tombstone replaced it) and one edited (moved to a later version).
    expect(seen).toHaveLength(25);
    expect(seen.find((c) => c.rowId === 'c-3')).toMatchObject({ deleted: true, row: null });
    expect(seen.at(-1)).toMatchObject({ rowId: 'c-4', row: { phone: '05' } });
    const empty = await api.pull(token, cursor);
    expect(empty.body).toEqual({ changes: [], cursor, hasMore: false });
  });

  it('refuses a cursor the server never issued (a server restored from an older copy): 409 CURSOR_AHEAD', async () => {
    const { body } = await api.pull(token, 0, 5000);
    const ahead = await api.pull(token, body.cursor + 1);
    expect(ahead.status).toBe(409);
    expect(ahead.body).toMatchObject({ code: 'CURSOR_AHEAD' });
  });

  it('caps the page size and validates the query', async () => {
    expect((await api.pull(token, 0, 5001)).status).toBe(400);
    expect((await api.call('GET', '/sync/pull?cursor=-1', { token })).status).toBe(400);
    expect((await api.call('GET', '/sync/pull?cursor=0')).status).toBe(401);
  });
});
