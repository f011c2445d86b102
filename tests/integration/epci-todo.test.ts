import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { type Api, createApi } from '../../shared/api.ts';
import { grandFigeac, quercyBlanc } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The to-do of the Collectivités list (issue 15): `epci.list` gives each EPCI its next action and due
 * date, and says which are overdue by the context's clock — never the computer's — so a pinned clock
 * decides here, on a real SQLite file through the gate.
 */
const dir = tempDir();
let clock = new Date(2027, 0, 15, 10, 0); // 15 January 2027, 10:00 local time
let context: AppContext;
let api: Api;
let sirens: string[];

beforeAll(async () => {
  context = await openAppContext({
    databasePath: path.join(dir, 'a-faire.sqlite'),
    version: 'test',
    now: () => clock,
  });
  api = createApi(localInvoke(openGate(context)));
  await api.call('settings.update', { staffName: 'Claire Agent' });
  sirens = (await api.call('epci.list', {})).map((e) => e.siren).filter((s) => s !== grandFigeac);
});
afterAll(() => context.close());

const followUpOf = async (siren: string) =>
  (await api.call('epci.list', {})).find((e) => e.siren === siren)?.followUp;

describe('epci.list and the next actions', () => {
  it('gives an EPCI nobody followed up an empty next action, not overdue', async () => {
    const list = await api.call('epci.list', {});
    expect(list.map((e) => e.followUp)).toEqual(
      Array(10).fill({ nextAction: '', nextActionDue: null, overdue: false }),
    );
  });

  it('says which due dates are past: the day before today is overdue, today and later are not', async () => {
    const [past, due, later, undated] = sirens as [string, string, string, string];
    await api.call('epci.updateFollowUp', {
      siren: past,
      nextAction: 'Relancer le président',
      nextActionDue: '2027-01-14',
    });
    await api.call('epci.updateFollowUp', {
      siren: due,
      nextAction: 'Envoyer le projet de convention',
      nextActionDue: '2027-01-15',
    });
    await api.call('epci.updateFollowUp', {
      siren: later,
      nextAction: 'Présenter le bilan',
      nextActionDue: '2027-03-01',
    });
    await api.call('epci.updateFollowUp', {
      siren: undated,
      nextAction: 'Trouver un contact',
      nextActionDue: null,
    });

    expect(await followUpOf(past)).toEqual({
      nextAction: 'Relancer le président',
      nextActionDue: '2027-01-14',
      overdue: true,
    });
    expect(await followUpOf(due)).toMatchObject({ nextActionDue: '2027-01-15', overdue: false });
    expect(await followUpOf(later)).toMatchObject({ nextActionDue: '2027-03-01', overdue: false });
    expect(await followUpOf(undated)).toEqual({
      nextAction: 'Trouver un contact',
      nextActionDue: null,
      overdue: false,
    });
    // Grand-Figeac was never touched: still nothing to do.
    expect(await followUpOf(grandFigeac)).toEqual({ nextAction: '', nextActionDue: null, overdue: false });
  });

  it('follows the clock: the next morning, what was due today is overdue; nothing was written', async () => {
    const [past, due, later] = sirens as [string, string, string];
    const writes = () =>
      context.database.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
    const before = writes().n;
    clock = new Date(2027, 0, 16, 8, 30);
    expect(await followUpOf(past)).toMatchObject({ overdue: true });
    expect(await followUpOf(due)).toMatchObject({ overdue: true });
    expect(await followUpOf(later)).toMatchObject({ overdue: false });
    expect(writes().n).toBe(before);
  });

  it('keeps the status beside the next action, and forgets the due date when staff clear it', async () => {
    const past = sirens[0] as string;
    await api.call('epci.setStatus', { siren: past, status: 'in_discussion' });
    await api.call('epci.updateFollowUp', {
      siren: past,
      nextAction: 'Relancer le président',
      nextActionDue: null,
    });
    const row = (await api.call('epci.list', {})).find((e) => e.siren === past);
    expect(row?.status).toBe('in_discussion');
    expect(row?.followUp).toEqual({
      nextAction: 'Relancer le président',
      nextActionDue: null,
      overdue: false,
    });
  });

  it('writes each change of a next action to the audit trail, signed and dated by the clock', async () => {
    const entries = context.database.sqlite
      .prepare(
        `SELECT before, after, actor, at FROM audit_log
         WHERE entity = 'epci_followup' AND field = 'next_action_due' ORDER BY at, rowid`,
      )
      .all();
    expect(entries.at(-1)).toEqual({
      before: '2027-01-14',
      after: null,
      actor: 'Claire Agent',
      at: new Date(2027, 0, 16, 8, 30).toISOString(),
    });
  });

  it('gives the same next actions whatever millésime the list is read in', async () => {
    const current = await api.call('epci.list', {});
    const older = await api.call('epci.list', { millesime: 2021 });
    expect(older[0]?.millesime).toBe(2021);
    for (const epci of older) {
      expect(epci.followUp).toEqual(current.find((e) => e.siren === epci.siren)?.followUp);
    }
    expect(older.find((e) => e.siren === quercyBlanc)).toBeDefined();
  });
});
