import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backends } from './backends.ts';
import { centralWithAgents } from './central-with-agents.ts';
import { convention, followup, grandFigeac, mutation } from './client.ts';

describe.each(backends)('push: retries and refusals ($name)', (backend) => {
  const { agent, reader, restart, rowOf } = centralWithAgents(backend);

  it('applies an insert, and a retried push returns the stored results without applying twice', async () => {
    const clientId = randomUUID();
    const mutations = [
      mutation(1, 'contact', 'c-1', {
        epci_siren: grandFigeac,
        name: 'Mme Delmas',
        role: 'DGS',
        email: '',
        phone: '',
      }),
      mutation(2, 'contact', 'c-1', { phone: '05 65 00 00 00' }, 0),
    ];
    const first = await agent.push(clientId, mutations);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(first.body.acceptedThrough).toBe(2);
    const before = await agent.pull(0, 5000);

    const again = await agent.push(clientId, mutations);
    expect(again.body).toEqual(first.body);
    const after = await agent.pull(0, 5000);
    expect(after.body.cursor).toBe(before.body.cursor); // nothing new was written
    expect((await rowOf('contact', 'c-1'))?.row).toMatchObject({
      name: 'Mme Delmas',
      phone: '05 65 00 00 00',
    });
  });

  it('answers a retry overlapping new mutations: stored results first, then the new ones', async () => {
    const clientId = randomUUID();
    const one = mutation(1, 'contact', 'c-2', {
      epci_siren: grandFigeac,
      name: 'A',
      role: '',
      email: '',
      phone: '',
    });
    await agent.push(clientId, [one]);
    const two = mutation(2, 'contact', 'c-2', { name: 'B' }, 0);
    const { body } = await agent.push(clientId, [one, two]);
    expect(body.results.map((r) => [r.clientSeq, r.status])).toEqual([
      [1, 'applied'],
      [2, 'applied'],
    ]);
    expect(body.acceptedThrough).toBe(2);
  });

  it('rejects a gap with 409 SYNC_GAP and the expected sequence, applying nothing', async () => {
    const clientId = randomUUID();
    await agent.push(clientId, [
      mutation(1, 'contact', 'c-3', { epci_siren: grandFigeac, name: 'A', role: '', email: '', phone: '' }),
    ]);
    const gap = await agent.push(clientId, [mutation(3, 'contact', 'c-3', { name: 'Z' }, 0)]);
    expect(gap.status).toBe(409);
    expect(gap.body).toMatchObject({ code: 'SYNC_GAP', expected: 2 });
    expect(typeof (gap.body as unknown as { message: string }).message).toBe('string');
    expect((await rowOf('contact', 'c-3'))?.row?.name).toBe('A');
  });

  it('refuses every mutation of a reader (stored as rejected FORBIDDEN), and writes nothing', async () => {
    const clientId = randomUUID();
    const { status, body } = await reader.push(clientId, [
      mutation(1, 'contact', 'c-reader', {
        epci_siren: grandFigeac,
        name: 'R',
        role: '',
        email: '',
        phone: '',
      }),
      mutation(2, 'contact', 'c-reader', { name: 'R2' }),
    ]);
    expect(status).toBe(200);
    expect(body.results.map((r) => r.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(await rowOf('contact', 'c-reader')).toBeUndefined();
  });

  it('checks rows and business rules: unknown fields, bad values, status moves, overlapping conventions', async () => {
    const clientId = randomUUID();
    const siren = '200023737';
    const created = await agent.push(clientId, [
      mutation(1, 'epci_followup', 'fu-rules', followup('not_contacted', siren)),
    ]);
    const base = created.body.results[0]?.rowVersion ?? 0;
    const { body } = await agent.push(clientId, [
      mutation(2, 'contact', 'c-bad', {
        epci_siren: siren,
        name: 'X',
        role: '',
        email: '',
        phone: '',
        shoe_size: 42,
      }),
      mutation(3, 'convention', 'conv-bad', convention({ rate_e4: -1 })),
      mutation(4, 'epci_followup', 'fu-rules', { status: 'active' }, base),
      mutation(
        5,
        'convention',
        'conv-a',
        convention({ epci_siren: siren, start_on: '2026-01-01', end_on: '2026-12-31' }),
      ),
      mutation(
        6,
        'convention',
        'conv-b',
        convention({ epci_siren: siren, start_on: '2026-06-01', end_on: null }),
      ),
      mutation(7, 'contact', 'c-owned', {
        epci_siren: siren,
        name: 'X',
        role: '',
        email: '',
        phone: '',
        id: 'other',
      }),
    ]);
    expect(body.results.map((r) => r.code ?? r.status)).toEqual([
      'INVALID_ROW',
      'INVALID_ROW',
      'STATUS_MOVE_REFUSED',
      'applied',
      'CONVENTION_OVERLAP',
      'INVALID_ROW',
    ]);
    expect(body.results[2]?.reason).toContain('Passage refusé');
  });

  it('keeps no partial mutation when the server restarts between pushes, and retries stay idempotent', async () => {
    const clientId = randomUUID();
    const mutations = [1, 2, 3].map((seq) =>
      mutation(seq, 'contact', `c-restart-${seq}`, {
        epci_siren: grandFigeac,
        name: `N${seq}`,
        role: '',
        email: '',
        phone: '',
      }),
    );
    const first = await agent.push(clientId, mutations.slice(0, 2));
    await restart();
    const again = await agent.push(clientId, mutations);
    expect(again.body.results.slice(0, 2)).toEqual(first.body.results);
    expect(again.body.acceptedThrough).toBe(3);
  });
});
