import { beforeAll, describe, expect, it } from 'vitest';
import { grandFigeac, grandFigeacConvention2027 } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';
import { password, startTestCentral } from './helpers/central.ts';
import { type Desktop, openDesktop } from './helpers/desktop.ts';

/** Issue 16, item 2: a stored convention's degressive bands travel to the other PC with its terms. */
const dir = tempDir('mednum-sync-convention-bands-');
let a: Desktop;
let b: Desktop;

const bands = [
  { upTo: 10_000, rate: '0.30' },
  { upTo: null, rate: '0.15' },
];

beforeAll(async () => {
  const central = await startTestCentral();
  await central.addUser('anne@lot.fr', 'agent', password);
  await central.addUser('bruno@lot.fr', 'agent', password);
  a = await openDesktop(dir, 'Anne');
  b = await openDesktop(dir, 'Bruno');
  await a.api.call('sync.login', { serverUrl: central.url, email: 'anne@lot.fr', password });
  await b.api.call('sync.login', { serverUrl: central.url, email: 'bruno@lot.fr', password });
});

describe('a banded convention on two PCs', () => {
  let id = '';

  it('made on one PC, has the same bands and the same amount to the cent on the other', async () => {
    ({ id } = await a.api.call('convention.add', { ...grandFigeacConvention2027, bands }));
    await a.api.call('sync.now', {});
    await b.api.call('sync.now', {});

    const seen = (await b.api.call('epci.get', { siren: grandFigeac })).conventions.find((c) => c.id === id);
    expect(seen).toMatchObject({ reference: 'GF-2027', rate: '0.30', bands });

    // 10 000 × 0,30 + 35 489 × 0,15 = 8 323,35 € a year; 184/365 of 2027 → 4 195,88 €, on both PCs.
    const amountOn = async (pc: Desktop) =>
      (await pc.api.call('contributions.compute', { year: 2027 })).lines.find((l) => l.conventionId === id)
        ?.amountCents;
    expect(await amountOn(a)).toBe(419_588);
    expect(await amountOn(b)).toBe(419_588);
  });

  it('bands changed on both PCs offline: a conflict on the bands, in words, resolved as on the Conflits screen', async () => {
    const { epci: _epci, ...terms } = grandFigeacConvention2027;
    const onA = [
      { upTo: 10_000, rate: '0.30' },
      { upTo: null, rate: '0.20' },
    ];
    const onB = [
      { upTo: 20_000, rate: '0.30' },
      { upTo: null, rate: '0.10' },
    ];
    await a.api.call('convention.update', { ...terms, id, bands: onA });
    await b.api.call('convention.update', { ...terms, id, bands: onB });
    await a.api.call('sync.now', {});
    expect((await b.api.call('sync.now', {})).conflicts).toBe(1);
    const [conflict] = await b.api.call('sync.conflicts', {});
    expect(conflict).toMatchObject({
      table: 'convention',
      field: 'bands',
      fieldLabel: 'tranches dégressives',
    });
    // The server kept A's grid until someone decides.
    const grid = async (pc: Desktop) =>
      (await pc.api.call('epci.get', { siren: grandFigeac })).conventions.find((c) => c.id === id)?.bands;
    expect(await grid(b)).toEqual(onA);
    await b.api.call('sync.resolve', { id: conflict?.id ?? '', keep: 'mine' });
    await b.api.call('sync.now', {});
    await a.api.call('sync.now', {});
    for (const pc of [a, b]) {
      expect(await pc.api.call('sync.conflicts', {})).toEqual([]);
      expect(await grid(pc)).toEqual(onB);
    }
  });
});
