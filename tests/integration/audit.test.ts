import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/services/context.ts';
import type { Api } from '../../shared/api.ts';
import { type AuditEntry, auditEventSchema } from '../../shared/domain/audit.ts';
import { grandFigeac, openTestApp } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
let api: Api;
let context: AppContext;
let libraryId: string;

beforeAll(async () => {
  ({ api, context } = await openTestApp(dir, 'audit.sqlite'));
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
    expect(entries.find((e) => e.field === 'next_action')).toMatchObject({
      actor: 'Claire Agent',
      action: 'update',
      before: '',
      after: 'Envoyer le projet',
      epci: grandFigeac,
      epciName: 'CC Grand-Figeac',
    });
    const times = entries.map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('shows one line per status change, its note with it, and keeps every row in the database', async () => {
    const { entries } = await api.call('audit.list', { epci: grandFigeac });
    const moves = entries.filter((e) => e.entity === 'epci_event' || e.field === 'status');
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({ actor: 'Claire Agent', action: 'create', epciName: 'CC Grand-Figeac' });
    expect(JSON.parse(moves[0]?.after as string)).toMatchObject({
      kind: 'status',
      from_status: 'not_contacted',
      to_status: 'in_discussion',
      note: 'Appel du président',
    });
    // Nor the follow-up record opened on the way (« Non contacté », nothing planned).
    expect(entries.filter((e) => e.entity === 'epci_followup').map((e) => e.field)).toEqual(['next_action']);
    // Found under either filter of the follow-up, once.
    for (const entity of ['epci_followup', 'epci_event'] as const) {
      const filtered = await api.call('audit.list', { epci: grandFigeac, entity });
      expect(filtered.entries.filter((e) => e.entity === 'epci_event')).toHaveLength(1);
    }
    // The trail itself is whole: the follow-up's creation and status update are still there.
    const stored = context.database.sqlite
      .prepare(
        "SELECT entity, action, field FROM audit_log WHERE epci_siren = ? AND entity = 'epci_followup'",
      )
      .all(grandFigeac);
    expect(stored).toEqual(
      expect.arrayContaining([
        { entity: 'epci_followup', action: 'create', field: null },
        { entity: 'epci_followup', action: 'update', field: 'status' },
      ]),
    );
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

describe('the lines outside the editable tables', () => {
  let cahors: string;
  let undone: string;
  const events = async (entity: AuditEntry['entity']) =>
    (await api.call('audit.list', { entity })).entries.map((e) => ({
      ...e,
      event: auditEventSchema.parse(JSON.parse(e.after as string)),
    }));
  const importFile = async (library: string, fileName: string, rows: string[]) => {
    const text = ['cardnumber,surname,firstname,dateofbirth,dateexpiry', ...rows].join('\n');
    const session = await api.call('import.open', {
      libraryId: library,
      fileName,
      content: Buffer.from(text).toString('base64'),
    });
    return api.call('import.commit', { sessionId: session.sessionId });
  };

  beforeAll(async () => {
    cahors = (await api.call('library.add', { name: 'Médiathèque de Cahors', commune: '46042', ils: 'pmb' }))
      .id;
    const many = Array.from(
      { length: 1_500 },
      (_, i) => `F${i},LECTEUR,Jean${String.fromCharCode(97 + (i % 26))},,2030-01-01`,
    );
    await importFile(libraryId, 'figeac.csv', [...many, 'F-COEUR,CŒUR,Josette,1977-02-17,2030-01-01']);
    await importFile(cahors, 'cahors.csv', [
      'C-COEUR,CŒUR,Josette,1977-02-17,2027-03-01',
      'C-2,DEUX,Jeanne,,2030-01-01',
    ]);
    const flagged = await api.call('patron.search', { text: '', duplicates: true, libraryId: cahors });
    await api.call('patron.resolveDuplicate', { id: flagged.patrons[0]?.id as string, decision: 'distinct' });
    undone = (await importFile(cahors, 'erreur.csv', ['C-X,ERREUR,Un,,2030-01-01'])).batchId;
    await api.call('import.undo', { batchId: undone });
  }, 60_000);

  it('records an import and its undoing as such, figures as numbers, under the library’s name', async () => {
    const lines = await events('import_batch');
    expect(lines.map((l) => l.event)).toEqual([
      { event: 'import_undone', file: 'erreur.csv', removed: 1, restored: 0, kept: 0 },
      { event: 'import', file: 'erreur.csv', created: 1, updated: 0, unchanged: 0, rejected: 0 },
      { event: 'import', file: 'cahors.csv', created: 2, updated: 0, unchanged: 0, rejected: 0 },
      { event: 'import', file: 'figeac.csv', created: 1_501, updated: 0, unchanged: 0, rejected: 0 },
    ]);
    expect(lines.map((l) => l.libraryName)).toEqual([
      'Médiathèque de Cahors',
      'Médiathèque de Cahors',
      'Médiathèque de Cahors',
      'Médiathèque de Figeac',
    ]);
    expect(lines[0]).toMatchObject({ entityId: undone, library: cahors, patron: null });
  });

  it('records a duplicate decision as such, naming its library and the patron by name and card only', async () => {
    const [decision] = await events('patron');
    expect(decision?.event).toEqual({ event: 'duplicate_decided', decision: 'distinct' });
    expect(decision).toMatchObject({
      library: cahors,
      libraryName: 'Médiathèque de Cahors',
      patron: { name: 'CŒUR Josette', card: 'C-COEUR' },
    });
    expect(Object.keys(decision?.patron ?? {})).toEqual(['name', 'card']);
    // Filed under the library: its own journal shows it.
    const own = await api.call('audit.list', { library: cahors });
    expect(own.entries.some((e) => e.entity === 'patron')).toBe(true);
  });

  it('forgets the patron’s name once purged, and records the purge', async () => {
    await api.call('patron.purge', { months: 12, today: '2028-06-01' });
    const [purge, decision] = await events('patron');
    expect(purge?.event).toEqual({ event: 'purge', purged: 1, cutoff: '2027-06-01', months: 12 });
    expect(purge).toMatchObject({ library: null, libraryName: null, patron: null });
    expect(decision).toMatchObject({ libraryName: 'Médiathèque de Cahors', patron: null });
  });

  it('records a population file with its kind, millésime and count', async () => {
    await api.call('millesime.import', {
      fileName: 'dgf.csv',
      content: Buffer.from('Code commune;Population DGF\n46102;10500\n46042;20000\n').toString('base64'),
      year: 2022,
      kind: 'dgf',
    });
    const [line] = await events('reference_import');
    expect(line?.event).toEqual({
      event: 'population_import',
      kind: 'dgf',
      millesime: 2022,
      file: 'dgf.csv',
      communes: 2,
    });
  });

  it('names the communes a library’s line holds by their INSEE codes', async () => {
    await api.call('library.update', { id: cahors, commune: '46102' });
    const { entries } = await api.call('audit.list', { library: cahors, entity: 'library' });
    expect(entries[0]).toMatchObject({ field: 'commune_insee', before: '46042', after: '46102' });
    expect(entries[0]?.communes).toEqual({ '46042': 'Cahors', '46102': 'Figeac' });
    expect(entries.at(-1)?.communes).toEqual({ '46042': 'Cahors' });
  });
});
