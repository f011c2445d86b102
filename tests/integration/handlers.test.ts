import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index.ts';
import { type AppContext, openAppContext } from '../../electron/services/context.ts';
import { dispatch, openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { createHandlers } from '../../electron/services/handlers.ts';
import { type Api, createApi } from '../../shared/api.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
let context: AppContext;
let api: Api;

beforeAll(async () => {
  context = await openAppContext({ databasePath: path.join(dir, 'app.sqlite'), version: '9.9.9' });
  api = createApi(localInvoke(openGate(context)));
});
afterAll(() => context.close());

describe('epci.list', () => {
  it('lists the ten EPCI of the Lot with populations equal to the sums of their member communes', async () => {
    const list = await api.call('epci.list', {});
    expect(list).toHaveLength(10);
    for (const epci of list) {
      const detail = await api.call('epci.get', { siren: epci.siren });
      expect(epci.communes).toBe(detail.communes.length);
      expect(epci.population.municipale).toBe(
        detail.communes.reduce((s, m) => s + m.population.municipale, 0),
      );
      expect(epci.population.totale).toBe(detail.communes.reduce((s, m) => s + m.population.totale, 0));
    }
  });

  it('gives Grand-Figeac its 92 communes and the populations of the 2022 millésime', async () => {
    const figeac = (await api.call('epci.list', {})).find((e) => e.name === 'CC Grand-Figeac');
    expect(figeac).toEqual({
      siren: '200067361',
      name: 'CC Grand-Figeac',
      type: 'CC',
      communes: 92,
      millesime: 2022,
      status: 'not_contacted',
      libraries: 0,
      population: { municipale: 43924, totale: 45489 },
      followUp: { nextAction: '', nextActionDue: null, overdue: false },
    });
  });

  it('sorts the EPCI by name the French way', async () => {
    const names = (await api.call('epci.list', {})).map((e) => e.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('fr').compare));
  });
});

describe('epci.get', () => {
  it('marks the communes outside the département', async () => {
    const figeac = await api.call('epci.get', { siren: '200067361' });
    expect(figeac.communes.filter((m) => !m.inDepartement).map((m) => m.departement)).toEqual(
      Array(6).fill('12'),
    );
    expect(figeac).toMatchObject({
      departement: '46',
      inForceYear: 2025,
      source: '@etalab/decoupage-administratif@6.0.0',
    });
  });

  it('answers an unknown SIREN with NOT_FOUND and a French message', async () => {
    await expect(api.call('epci.get', { siren: '123456789' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Aucune collectivité ne porte le SIREN 123456789.',
    });
  });
});

describe('dispatch, the gate of every door', () => {
  const handlers = () => createHandlers(context);
  const fail = (error: unknown) => {
    throw new Error('dispatch reported an unexpected error', { cause: error });
  };

  it('rejects a malformed input before any handler runs', async () => {
    const result = await dispatch(handlers(), 'epci.get', { siren: '12' }, fail);
    expect(result).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Données invalides : Un SIREN compte 9 chiffres.' },
    });
    expect(await dispatch(handlers(), 'epci.get', { siren: '200067361', extra: 1 }, fail)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await dispatch(handlers(), 'epci.get', 'not an object', fail)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('rejects unknown methods, including inherited property names', async () => {
    for (const method of ['epci.delete', '__proto__', 'toString', 42]) {
      expect(await dispatch(handlers(), method, {}, fail)).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_METHOD' },
      });
    }
  });

  it('hides unexpected failures behind INTERNAL and reports them to the door', async () => {
    const seen: unknown[] = [];
    const failing = { ...handlers(), 'app.info': async () => Promise.reject(new Error('disk on fire')) };
    const result = await dispatch(failing, 'app.info', {}, (error) => seen.push(error));
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toMatch(/disk on fire/);
    expect(seen).toHaveLength(1);
  });

  it('describes the application, its database and its reference data', async () => {
    const info = await api.call('app.info', {});
    expect(info).toMatchObject({
      name: 'mednum-admin',
      version: '9.9.9',
      departement: '46',
      departementTitle: 'Département du Lot',
      schemaVersion: migrations.length,
      currentMillesime: 2022,
    });
    expect(info.referenceData).toEqual([
      expect.objectContaining({
        source: '@etalab/decoupage-administratif@6.0.0',
        millesime: 2022,
        inForceYear: 2025,
      }),
      expect.objectContaining({
        source: '@etalab/decoupage-administratif@4.1.0',
        millesime: 2021,
        inForceYear: 2024,
      }),
    ]);
  });
});

describe('the configured département', () => {
  it('is kept by an existing file even when another one is asked for later', async () => {
    const file = path.join(dir, 'correze.sqlite');
    const first = await openAppContext({ databasePath: file, version: 't', departement: '19' });
    expect(first.departement).toBe('19');
    await first.close();
    const again = await openAppContext({ databasePath: file, version: 't', departement: '46' });
    expect(again.departement).toBe('19');
    const list = await createApi(localInvoke(openGate(again))).call('epci.list', {});
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((e) => e.communes > 0)).toBe(true);
    await again.close();
  });
});
