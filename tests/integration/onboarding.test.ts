import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../shared/api.ts';
import { isAllowedMove, type OnboardingStatus, onboardingStatuses } from '../../shared/domain/onboarding.ts';
import { grandFigeac, openTestApp } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
let api: Api;
let sirens: string[];

beforeAll(async () => {
  ({ api } = await openTestApp(dir, 'onboarding.sqlite'));
  sirens = (await api.call('epci.list', {})).map((e) => e.siren);
});

const allowed: [OnboardingStatus, OnboardingStatus][] = [
  ['not_contacted', 'in_discussion'],
  ['in_discussion', 'not_contacted'],
  ['in_discussion', 'convention_drafted'],
  ['convention_drafted', 'in_discussion'],
  ['convention_drafted', 'convention_signed'],
  ['convention_signed', 'convention_drafted'],
  ['convention_signed', 'active'],
  ['active', 'convention_signed'],
  ['active', 'suspended'],
  ['suspended', 'active'],
  ['left', 'in_discussion'],
  ...onboardingStatuses
    .filter((s) => s !== 'left')
    .map((s) => [s, 'left'] as [OnboardingStatus, OnboardingStatus]),
];

describe('the onboarding workflow, as a rule', () => {
  it.each(onboardingStatuses.flatMap((from) => onboardingStatuses.map((to) => [from, to] as const)))(
    '%s → %s is allowed exactly when the issue says so',
    (from, to) => {
      const expected = allowed.some(([a, b]) => a === from && b === to);
      expect(isAllowedMove(from, to)).toBe(expected);
    },
  );
});

const pathTo: Record<OnboardingStatus, OnboardingStatus[]> = {
  not_contacted: [],
  in_discussion: ['in_discussion'],
  convention_drafted: ['in_discussion', 'convention_drafted'],
  convention_signed: ['in_discussion', 'convention_drafted', 'convention_signed'],
  active: ['in_discussion', 'convention_drafted', 'convention_signed', 'active'],
  suspended: ['in_discussion', 'convention_drafted', 'convention_signed', 'active', 'suspended'],
  left: ['left'],
};

describe('epci.setStatus through the service, for every pair of statuses', () => {
  it('applies every allowed move and refuses every other one without changing anything', async () => {
    // Every case starts from a copy of one seeded file where the EPCI already has a convention, so that
    // only the workflow rule decides (the convention rule has its own test below).
    const { context, api: seeded } = await openTestApp(dir, 'moves-template.sqlite');
    const siren = sirens[0] as string;
    await seeded.call('convention.add', {
      epci: siren,
      rate: '0.30',
      start: '2027-01-01',
      basis: 'totale',
      millesime: 2022,
      perimeter: 'epci',
      prorata: 'days',
    });
    const template = path.join(dir, 'moves.template');
    context.database.sqlite.prepare('VACUUM INTO ?').run(template);

    for (const from of onboardingStatuses) {
      for (const to of onboardingStatuses) {
        fs.copyFileSync(template, path.join(dir, `moves-${from}-${to}.sqlite`));
        ({ api } = await openTestApp(dir, `moves-${from}-${to}.sqlite`));
        for (const step of pathTo[from]) await api.call('epci.setStatus', { siren, status: step });
        const before = await api.call('epci.get', { siren });
        expect(before.status).toBe(from);
        if (isAllowedMove(from, to)) {
          const move = await api.call('epci.setStatus', { siren, status: to, note: 'ok' });
          expect(move).toMatchObject({ from, status: to, by: 'Claire Agent', note: 'ok' });
          expect((await api.call('epci.get', { siren })).status).toBe(to);
        } else {
          await expect(api.call('epci.setStatus', { siren, status: to })).rejects.toMatchObject({
            code: 'STATUS_MOVE_REFUSED',
            message: expect.stringMatching(/^Passage refusé/),
          });
          expect(await api.call('epci.get', { siren })).toEqual(before);
        }
      }
    }
  }, 120_000);
});

describe('an EPCI’s follow-up', () => {
  beforeAll(async () => {
    ({ api } = await openTestApp(dir, 'followup.sqlite'));
  });

  it('starts as "not contacted" and keeps a dated, signed history of its moves with their notes', async () => {
    expect((await api.call('epci.get', { siren: grandFigeac })).status).toBe('not_contacted');
    await api.call('epci.setStatus', {
      siren: grandFigeac,
      status: 'in_discussion',
      note: 'Premier rendez-vous',
    });
    await api.call('epci.setStatus', { siren: grandFigeac, status: 'convention_drafted', by: 'Paul Autre' });
    const detail = await api.call('epci.get', { siren: grandFigeac });
    expect(detail.history.map((h) => [h.from, h.status, h.by, h.note])).toEqual([
      ['not_contacted', 'in_discussion', 'Claire Agent', 'Premier rendez-vous'],
      ['in_discussion', 'convention_drafted', 'Paul Autre', ''],
    ]);
    expect(detail.history.every((h) => !Number.isNaN(Date.parse(h.at)))).toBe(true);
    expect(detail.allowedMoves).toEqual(['in_discussion', 'convention_signed', 'left']);
  });

  it('refuses "convention signed" until a convention is recorded', async () => {
    await expect(
      api.call('epci.setStatus', { siren: grandFigeac, status: 'convention_signed' }),
    ).rejects.toMatchObject({
      code: 'CONVENTION_REQUIRED',
    });
    expect((await api.call('epci.get', { siren: grandFigeac })).status).toBe('convention_drafted');
  });

  it('keeps the next action, its due date, notes and contacts', async () => {
    await api.call('epci.updateFollowUp', {
      siren: grandFigeac,
      nextAction: 'Relancer le DGS',
      nextActionDue: '2026-12-15',
    });
    await api.call('epci.addNote', { siren: grandFigeac, text: 'Le conseil communautaire vote en janvier.' });
    const contact = await api.call('contact.add', {
      siren: grandFigeac,
      name: 'Marie Dupont',
      role: 'DGS',
      email: 'marie.dupont@example.fr',
      phone: '05 65 00 00 00',
    });
    await api.call('contact.update', { ...contact, role: 'Directrice générale des services' });
    const detail = await api.call('epci.get', { siren: grandFigeac });
    expect(detail.followUp).toEqual({ nextAction: 'Relancer le DGS', nextActionDue: '2026-12-15' });
    expect(detail.notes.map((n) => n.text)).toEqual(['Le conseil communautaire vote en janvier.']);
    expect(detail.contacts).toEqual([{ ...contact, role: 'Directrice générale des services' }]);
    await api.call('contact.remove', { id: contact.id });
    expect((await api.call('epci.get', { siren: grandFigeac })).contacts).toEqual([]);
  });

  it('refuses to sign a change with no name, and an EPCI outside the département', async () => {
    const { api: anonymous } = await openTestApp(dir, 'anonymous.sqlite', '');
    await expect(
      anonymous.call('epci.setStatus', { siren: grandFigeac, status: 'in_discussion' }),
    ).rejects.toMatchObject({
      code: 'ACTOR_REQUIRED',
      message: expect.stringMatching(/Réglages/),
    });
    await expect(
      api.call('epci.setStatus', { siren: '200054781', status: 'in_discussion' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
