import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../shared/sync/protocol.ts';
import { backends, startTestCentral } from './backends.ts';
import { client, grandFigeac, mutation } from './client.ts';

describe.each(backends)('concurrent clients ($name)', (backend) => {
  let server: Awaited<ReturnType<typeof startTestCentral>>;
  beforeAll(async () => {
    server = await startTestCentral(backend);
  });
  afterAll(() => server.dispose());

  it('20 clients pushing at once (some twice, racing themselves): every mutation applied once, versions gapless in order', async () => {
    const api = client(server.url);
    const token = (await api.login('agent@lot.fr', 'agent-password')).accessToken;
    const shared = mutation(1, 'contact', 'shared', {
      epci_siren: grandFigeac,
      name: 'Partagé',
      role: '',
      email: '',
      phone: '',
    });
    await api.push(token, randomUUID(), [shared]);
    const clients = Array.from({ length: 20 }, (_, c) => ({
      id: randomUUID(),
      mutations: Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? mutation(i + 1, 'contact', 'shared', { phone: `${c}-${i}` }, 1)
          : mutation(i + 1, 'contact', `c${c}-${i}`, {
              epci_siren: grandFigeac,
              name: `N${i}`,
              role: '',
              email: '',
              phone: '',
            }),
      ),
    }));
    // Clients 0–4 send their push twice at the same time (a retry racing the original).
    const pushes = clients.flatMap((c, i) =>
      (i < 5 ? [c, c] : [c]).map((one) => api.push(token, one.id, one.mutations)),
    );
    const answers = await Promise.all(pushes);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.acceptedThrough).toBe(20);
      expect(answer.body.results.every((r) => r.status === 'applied')).toBe(true);
    }
    const changes: Change[] = [];
    let cursor = 0;
    for (;;) {
      const { body } = await api.pull(token, cursor, 100);
      changes.push(...body.changes);
      cursor = body.cursor;
      if (!body.hasMore) break;
    }
    const created = changes.filter((c) => c.rowId !== 'shared');
    expect(created).toHaveLength(20 * 10);
    // 1 creation of `shared` + 20×10 new rows + 20×10 edits of `shared`: each took exactly one version.
    expect(cursor).toBe(1 + 200 + 200);
    const versions = changes.map((c) => c.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });
});
