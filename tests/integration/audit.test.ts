import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../shared/api.ts';
import { grandFigeac, openTestApp } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
let api: Api;
let libraryId: string;

beforeAll(async () => {
  ({ api } = await openTestApp(dir, 'audit.sqlite'));
  await api.call('epci.setStatus', {
    siren: grandFigeac,
    status: 'in_discussion',
    note: 'Appel du président',
  });
  await api.call('epci.updateFollowUp', {
    siren: grandFigeac,
    nextAction: 'Envoyer le projet',
    nextActionDue: null,
  });
  await api.call('epci.setStatus', { siren: '200023737', status: 'in_discussion', by: 'Paul Autre' });
  libraryId = (
    await api.call('library.add', { name: 'Médiathèque de Figeac', commune: '46102', ils: 'koha' })
  ).id;
  await api.call('library.update', { id: libraryId, ils: 'pmb' });
});

describe('the audit trail', () => {
  it('records who changed which field of what, before → after, newest first', async () => {
    const { entries } = await api.call('audit.list', { epci: grandFigeac });
    const statusChange = entries.find((e) => e.entity === 'epci_followup' && e.field === 'status');
    expect(statusChange).toMatchObject({
      actor: 'Claire Agent',
      action: 'update',
      before: 'not_contacted',
      after: 'in_discussion',
      epci: grandFigeac,
      epciName: 'CC Grand-Figeac',
    });
    expect(entries.find((e) => e.field === 'next_action')).toMatchObject({
      before: '',
      after: 'Envoyer le projet',
    });
    const times = entries.map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('shows a library’s own history, its creation included', async () => {
    const { entries } = await api.call('audit.list', { library: libraryId });
    expect(entries.map((e) => [e.action, e.field, e.before, e.after?.slice(0, 20)])).toEqual([
      ['update', 'ils', 'koha', 'pmb'],
      ['create', null, null, '{"code":"FIGEAC","na'],
    ]);
    // Filed under its EPCI too, so the EPCI's page shows what happened to its libraries.
    expect(entries.every((e) => e.epci === grandFigeac)).toBe(true);
  });

  it('filters the global journal by actor, entity and dates, with a total for paging', async () => {
    const byPaul = await api.call('audit.list', { actor: 'paul' });
    expect(byPaul.entries.length).toBeGreaterThan(0);
    expect(byPaul.entries.every((e) => e.actor === 'Paul Autre')).toBe(true);
    const libraries = await api.call('audit.list', { entity: 'library' });
    expect(libraries.total).toBe(2);
    const page = await api.call('audit.list', { limit: 2 });
    expect(page.entries).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
    const today = new Date().toISOString().slice(0, 10);
    expect((await api.call('audit.list', { from: today, to: today })).total).toBe(page.total);
    expect((await api.call('audit.list', { to: '2020-01-01' })).total).toBe(0);
  });

  it('never records a write that was refused', async () => {
    const before = (await api.call('audit.list', {})).total;
    await expect(api.call('epci.setStatus', { siren: grandFigeac, status: 'active' })).rejects.toMatchObject({
      code: 'STATUS_MOVE_REFUSED',
    });
    expect((await api.call('audit.list', {})).total).toBe(before);
  });
});
