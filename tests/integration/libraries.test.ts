import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../shared/api.ts';
import { grandFigeac, openTestApp } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
let api: Api;

beforeAll(async () => {
  ({ api } = await openTestApp(dir, 'libraries.sqlite'));
});

describe('member libraries', () => {
  it('take their EPCI from their commune, also for an Aveyron commune of Grand-Figeac', async () => {
    const figeac = await api.call('library.add', {
      name: 'Médiathèque de Figeac',
      commune: '46102',
      ils: 'koha',
    });
    expect(figeac).toMatchObject({ code: 'FIGEAC', epci: grandFigeac });
    const aspieres = await api.call('library.add', {
      name: 'Point lecture d’Asprières',
      kind: 'point_lecture',
      commune: '12012',
      ils: 'biblixnet',
    });
    expect(aspieres).toMatchObject({ code: 'ASPRIERES', epci: grandFigeac });
    expect(await api.call('library.get', { id: aspieres.id })).toMatchObject({
      communeName: 'Asprières',
      epci: grandFigeac,
      epciName: 'CC Grand-Figeac',
      kind: 'point_lecture',
      participating: false,
    });
  });

  it('get a free short code when none is given, and refuse one already taken', async () => {
    const second = await api.call('library.add', {
      name: 'Bibliothèque du lycée',
      commune: '46102',
      ils: 'pmb',
    });
    expect(second.code).toBe('FIGEAC-2');
    await expect(
      api.call('library.add', { name: 'Autre', commune: '46102', ils: 'pmb', code: 'figeac' }),
    ).rejects.toMatchObject({
      code: 'LIBRARY_CODE_TAKEN',
    });
  });

  it('refuse a commune outside the département’s EPCI', async () => {
    await expect(
      api.call('library.add', { name: 'Toulouse', commune: '31555', ils: 'koha' }),
    ).rejects.toMatchObject({
      code: 'COMMUNE_UNKNOWN',
      message: expect.stringMatching(/n’appartient à aucun EPCI du département 46/),
    });
  });

  it('are listed by EPCI and counted on the EPCI and in the roll-out summary', async () => {
    const inFigeac = await api.call('library.list', { epci: grandFigeac });
    expect(inFigeac.map((l) => l.code).sort()).toEqual(['ASPRIERES', 'FIGEAC', 'FIGEAC-2']);
    expect(await api.call('library.list', { epci: '200023737' })).toEqual([]);
    expect((await api.call('epci.list', {})).find((e) => e.siren === grandFigeac)?.libraries).toBe(3);
    expect(await api.call('rollout.summary', {})).toMatchObject({ libraries: 3, librariesParticipating: 0 });
  });

  it('change only the fields an update names, and follow their new commune to its EPCI', async () => {
    const [library] = await api.call('library.list', { epci: grandFigeac });
    const updated = await api.call('library.update', {
      id: library?.id as string,
      participating: true,
      participatingSince: '2026-01-01',
    });
    expect(updated).toMatchObject({ ...library, participating: true, participatingSince: '2026-01-01' });
    const moved = await api.call('library.update', { id: library?.id as string, commune: '46042' });
    expect(moved.epci).toBe('200023737');
    expect(moved.name).toBe(library?.name);
    expect(await api.call('rollout.summary', {})).toMatchObject({ librariesParticipating: 1 });
  });
});
