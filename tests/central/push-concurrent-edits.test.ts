import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConflictRow } from '../../shared/sync/protocol.ts';
import { backends } from './backends.ts';
import { centralWithAgents } from './central-with-agents.ts';
import { convention, followup, grandFigeac, mutation } from './client.ts';

describe.each(backends)('push: concurrent edits, conflicts and their resolution ($name)', (backend) => {
  const { admin, agent, agent2, rowOf } = centralWithAgents(backend);

  it('per field: a stale auto field takes the last write; a stale review field opens one conflict', async () => {
    const [pc1, pc2] = [randomUUID(), randomUUID()];
    const created = await agent.push(pc1, [mutation(1, 'convention', 'conv-1', convention())]);
    const base = created.body.results[0]?.rowVersion ?? 0;
    // PC 1 edits the rate and the reference; PC 2, from the same base, edits the rate differently and a note-like field.
    const pc1Push = await agent.push(pc1, [mutation(2, 'convention', 'conv-1', { rate_e4: 3000 }, base)]);
    expect(pc1Push.body.results[0]?.status).toBe('applied');
    const pc2Push = await agent2.push(pc2, [
      mutation(1, 'convention', 'conv-1', { rate_e4: 3500, document_name: 'convention.pdf' }, base),
    ]);
    const result = pc2Push.body.results[0];
    expect(result?.status).toBe('conflict');
    expect(result?.conflictIds).toHaveLength(1);
    const row = (await rowOf('convention', 'conv-1'))?.row;
    expect(row).toMatchObject({ rate_e4: 3000, document_name: 'convention.pdf' });
    const conflict = (await rowOf('sync_conflict', result?.conflictIds?.[0] ?? ''))
      ?.row as unknown as ConflictRow;
    expect(conflict).toMatchObject({
      table_name: 'convention',
      row_id: 'conv-1',
      field: 'rate_e4',
      server_value: '3000',
      client_value: '3500',
      server_by: 'agent@lot.fr',
      client_by: 'agent2@lot.fr',
      status: 'open',
    });
  });

  it('a PC’s own earlier write is no conflict for it: two status moves from one base, then another PC’s', async () => {
    const [pc1, pc2] = [randomUUID(), randomUUID()];
    const created = await agent.push(pc1, [
      mutation(
        1,
        'convention',
        'conv-own',
        convention({
          epci_siren: '200066199',
          reference: 'CONV-OWN',
          start_on: '2040-01-01',
          end_on: '2040-12-31',
        }),
      ),
    ]);
    const base = created.body.results[0]?.rowVersion ?? 0;
    // PC 1 changed the rate twice offline (or while its first push was in flight): both from `base`.
    const own = await agent.push(pc1, [
      mutation(2, 'convention', 'conv-own', { rate_e4: 3000 }, base),
      mutation(3, 'convention', 'conv-own', { rate_e4: 3100 }, base),
    ]);
    expect(own.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect((await rowOf('convention', 'conv-own'))?.row).toMatchObject({ rate_e4: 3100 });
    // PC 2 still worked from `base`: PC 1's write is news to it, a conflict.
    const other = await agent2.push(pc2, [mutation(1, 'convention', 'conv-own', { rate_e4: 2500 }, base)]);
    expect(other.body.results[0]?.status).toBe('conflict');
  });

  it('names in a conflict whoever wrote the kept value of that field, not the row’s last writer', async () => {
    const [pc1, pc2] = [randomUUID(), randomUUID()];
    const created = await agent.push(pc1, [
      mutation(1, 'convention', 'conv-who', convention({ epci_siren: '200066165', start_on: '2026-01-01' })),
    ]);
    const base = created.body.results[0]?.rowVersion ?? 0;
    await agent.push(pc1, [mutation(2, 'convention', 'conv-who', { rate_e4: 5000 }, base)]);
    await admin.push(randomUUID(), [
      mutation(1, 'convention', 'conv-who', { document_name: 'c.pdf' }, base + 1),
    ]);
    const conflicted = await agent2.push(pc2, [
      mutation(1, 'convention', 'conv-who', { rate_e4: 6000 }, base),
    ]);
    const conflictId = conflicted.body.results[0]?.conflictIds?.[0] ?? '';
    expect((await rowOf('sync_conflict', conflictId))?.row).toMatchObject({
      server_by: 'agent@lot.fr',
      server_value: '5000',
    });
  });

  it('two PCs change Grand-Figeac’s status offline → exactly one conflict holding both values', async () => {
    const siren = '246400337';
    const [pc1, pc2] = [randomUUID(), randomUUID()];
    const first = await agent.push(pc1, [
      mutation(1, 'epci_followup', 'fu-pc1', followup('in_discussion', siren)),
    ]);
    expect(first.body.results[0]?.status).toBe('applied');
    // PC 2 created its own follow-up of the same EPCI offline: it merges into PC 1's, as an update from nothing.
    const second = await agent2.push(pc2, [
      mutation(1, 'epci_followup', 'fu-pc2', {
        ...followup('convention_drafted', siren),
        next_action: 'Relancer',
      }),
    ]);
    const result = second.body.results[0];
    expect(result).toMatchObject({ status: 'conflict', mergedInto: 'fu-pc1' });
    expect(result?.conflictIds).toHaveLength(1);
    const { body } = await agent.pull(0, 5000);
    const followups = body.changes.filter((c) => c.table === 'epci_followup' && c.row?.epci_siren === siren);
    expect(followups.map((c) => c.rowId)).toEqual(['fu-pc1']);
    expect(followups[0]?.row).toMatchObject({ status: 'in_discussion', next_action: 'Relancer' });
    const conflicts = body.changes.filter((c) => c.table === 'sync_conflict' && c.row?.row_id === 'fu-pc1');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]?.row).toMatchObject({
      field: 'status',
      server_value: '"in_discussion"',
      client_value: '"convention_drafted"',
    });
  });

  it('a follow-up created with the default values merges without a conflict and overwrites nothing', async () => {
    const siren = '200066272';
    const first = await agent.push(randomUUID(), [
      mutation(1, 'epci_followup', 'fu-known', {
        ...followup('in_discussion', siren),
        next_action: 'Relancer',
      }),
    ]);
    expect(first.body.results[0]?.status).toBe('applied');
    // Another PC only wrote a note's date for this EPCI offline: its follow-up was created « Non contacté ».
    const second = await agent2.push(randomUUID(), [
      mutation(1, 'epci_followup', 'fu-default', {
        ...followup('not_contacted', siren),
        next_action: '',
        next_action_due: '2027-01-15',
      }),
    ]);
    expect(second.body.results[0]).toMatchObject({ status: 'applied', mergedInto: 'fu-known' });
    expect((await rowOf('epci_followup', 'fu-known'))?.row).toMatchObject({
      status: 'in_discussion',
      next_action: 'Relancer',
      next_action_due: '2027-01-15',
    });
  });

  it('routes later mutations of a merged follow-up id to the row it merged into', async () => {
    const siren = '200066223';
    const [pc1, pc2] = [randomUUID(), randomUUID()];
    await agent.push(pc1, [mutation(1, 'epci_followup', 'fu-a', followup('in_discussion', siren))]);
    // PC 2's outbox: its own creation, then two offline edits of the same (local) id.
    const { body } = await agent2.push(pc2, [
      mutation(1, 'epci_followup', 'fu-b', followup('in_discussion', siren)),
      mutation(2, 'epci_followup', 'fu-b', { next_action: 'Envoyer la convention' }, 0),
      mutation(3, 'epci_followup', 'fu-b', { status: 'convention_drafted' }, 0),
    ]);
    expect(body.results.map((r) => [r.status, r.mergedInto])).toEqual([
      ['applied', 'fu-a'],
      ['applied', 'fu-a'],
      ['conflict', 'fu-a'],
    ]);
    expect((await rowOf('epci_followup', 'fu-a'))?.row).toMatchObject({
      next_action: 'Envoyer la convention',
    });
    expect(await rowOf('epci_followup', 'fu-b')).toBeUndefined();
  });

  it('same value on both sides is no conflict', async () => {
    const [pc1, pc2] = [randomUUID(), randomUUID()];
    const created = await agent.push(pc1, [
      mutation(1, 'convention', 'conv-same', convention({ start_on: '2030-01-01', end_on: null })),
    ]);
    const base = created.body.results[0]?.rowVersion ?? 0;
    await agent.push(pc1, [mutation(2, 'convention', 'conv-same', { rate_e4: 4000 }, base)]);
    const other = await agent2.push(pc2, [mutation(1, 'convention', 'conv-same', { rate_e4: 4000 }, base)]);
    expect(other.body.results[0]?.status).toBe('applied');
  });

  it('client clocks a day wrong change nothing: order is the server’s', async () => {
    const [pc1, pc2] = [randomUUID(), randomUUID()];
    const contact = { epci_siren: grandFigeac, name: 'Horloge', role: '', email: '', phone: '' };
    const created = await agent.push(pc1, [mutation(1, 'contact', 'c-clock', contact)]);
    const base = created.body.results[0]?.rowVersion ?? 0;
    const ahead = {
      ...mutation(2, 'contact', 'c-clock', { phone: 'ahead' }, base),
      at: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const behind = {
      ...mutation(1, 'contact', 'c-clock', { phone: 'behind' }, base),
      at: new Date(Date.now() - 86_400_000).toISOString(),
    };
    await agent.push(pc1, [ahead]);
    await agent2.push(pc2, [behind]);
    expect((await rowOf('contact', 'c-clock'))?.row?.phone).toBe('behind'); // pushed last, wins
  });

  it('edit vs delete: the delete makes a tombstone; a later edit of it is rejected ROW_DELETED', async () => {
    const [pc1, pc2] = [randomUUID(), randomUUID()];
    const contact = { epci_siren: grandFigeac, name: 'Supprimé', role: '', email: '', phone: '' };
    const created = await agent.push(pc1, [mutation(1, 'contact', 'c-del', contact)]);
    const base = created.body.results[0]?.rowVersion ?? 0;
    const deleted = await agent.push(pc1, [mutation(2, 'contact', 'c-del', {}, base, 'delete')]);
    expect(deleted.body.results[0]?.status).toBe('applied');
    const edit = await agent2.push(pc2, [mutation(1, 'contact', 'c-del', { phone: '06' }, base)]);
    expect(edit.body.results[0]).toMatchObject({ status: 'rejected', code: 'ROW_DELETED' });
    const tombstone = await rowOf('contact', 'c-del');
    expect(tombstone).toMatchObject({ deleted: true, row: null });
  });

  /** PC 1 sets the rate to `rate1`, PC 2 (from the same base) to `rate2`: one open conflict on rate_e4. */
  async function rateConflict(rowId: string, siren: string, rate1: number, rate2: number) {
    const [pc1, pc2] = [randomUUID(), randomUUID()];
    const created = await agent.push(pc1, [
      mutation(1, 'convention', rowId, convention({ epci_siren: siren, start_on: '2026-01-01' })),
    ]);
    const base = created.body.results[0]?.rowVersion ?? 0;
    await agent.push(pc1, [mutation(2, 'convention', rowId, { rate_e4: rate1 }, base)]);
    const conflicted = await agent2.push(pc2, [mutation(1, 'convention', rowId, { rate_e4: rate2 }, base)]);
    return { pc1, pc2, conflictId: conflicted.body.results[0]?.conflictIds?.[0] ?? '' };
  }

  it('resolves a conflict: the chosen value becomes a new version of the field, the conflict is resolved', async () => {
    const { pc1, pc2, conflictId } = await rateConflict('conv-r', '200066389', 1111, 2222);
    const resolve = await agent2.push(pc2, [
      mutation(2, 'sync_conflict', conflictId, { resolution: 'mine' }, 0),
    ]);
    expect(resolve.body.results[0]?.status).toBe('applied');
    expect((await rowOf('convention', 'conv-r'))?.row?.rate_e4).toBe(2222);
    const conflict = (await rowOf('sync_conflict', conflictId))?.row;
    expect(conflict).toMatchObject({
      status: 'resolved',
      resolution: 'mine',
      resolved_value: '2222',
      resolved_by: 'agent2@lot.fr',
    });

    const late = await agent.push(pc1, [
      mutation(3, 'sync_conflict', conflictId, { resolution: 'theirs' }, 0),
    ]);
    expect(late.body.results[0]).toMatchObject({ status: 'rejected', code: 'CONFLICT_ALREADY_RESOLVED' });
  });

  it('resolves with an edited value, checked like any value of the field', async () => {
    const { pc2, conflictId } = await rateConflict('conv-e', '200066371', 10, 20);
    const bad = await agent2.push(pc2, [
      mutation(2, 'sync_conflict', conflictId, { resolution: 'edit', resolved_value: '"cher"' }, 0),
    ]);
    expect(bad.body.results[0]).toMatchObject({ status: 'rejected', code: 'INVALID_ROW' });
    const good = await agent2.push(pc2, [
      mutation(3, 'sync_conflict', conflictId, { resolution: 'edit', resolved_value: '15' }, 0),
    ]);
    expect(good.body.results[0]?.status).toBe('applied');
    expect((await rowOf('convention', 'conv-e'))?.row?.rate_e4).toBe(15);
  });
});
