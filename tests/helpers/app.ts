import path from 'node:path';
import { afterAll } from 'vitest';
import { type AppContext, openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { type Api, createApi } from '../../shared/api.ts';
import { placeSeededDatabase } from './seeded-database.ts';

/**
 * The application on a real SQLite file, reached through the same gate as every door. The file starts as a
 * copy of a seeded one (helpers/seeded-database.ts); `fromScratch` has the app create it, for tests of
 * what a first start does (a copy is a file that existed, which gets its daily backup at once).
 */
export async function openTestApp(
  dir: string,
  name: string,
  staffName = 'Claire Agent',
  options: { fromScratch?: boolean } = {},
): Promise<{ context: AppContext; api: Api }> {
  const databasePath = path.join(dir, name);
  if (!options.fromScratch) await placeSeededDatabase(databasePath);
  const context = await openAppContext({ databasePath, version: 'test' });
  afterAll(() => context.close());
  const api = createApi(localInvoke(openGate(context)));
  if (staffName) await api.call('settings.update', { staffName });
  return { context, api };
}

export const grandFigeac = '200067361';

/** Grand-Figeac's convention from 1 July 2027 at 0.30 € per inhabitant: the one contributions tests share. */
export const grandFigeacConvention2027 = {
  epci: grandFigeac,
  reference: 'GF-2027',
  rate: '0.30',
  start: '2027-07-01',
  basis: 'totale',
  millesime: 2022,
  perimeter: 'epci',
  prorata: 'days',
} as const;

/** Grand-Figeac in a scenario: the whole EPCI at `rate` € per inhabitant from `start`, 2022 populations. */
export const grandFigeacScenarioConvention = (rate: string, start = '2027-01-01') =>
  ({
    epci: grandFigeac,
    rate,
    start,
    end: null,
    basis: 'totale',
    millesime: 2022,
    perimeter: 'epci',
    prorata: 'days',
    floor: null,
    cap: null,
  }) as const;
export const quercyBlanc = '200039519';
