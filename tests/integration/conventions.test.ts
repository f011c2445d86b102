import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/services/context.ts';
import type { Api } from '../../shared/api.ts';
import { grandFigeac, openTestApp } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
let api: Api;
let context: AppContext;

const terms = {
  epci: grandFigeac,
  reference: 'CONV-2027-GF',
  signedOn: '2027-06-15',
  start: '2027-07-01',
  end: '2029-12-31',
  rate: '0,30',
  basis: 'totale',
  millesime: 2022,
  perimeter: 'epci',
  prorata: 'days',
  floor: '1 000',
  cap: '20000,5',
} as const;

beforeAll(async () => {
  ({ api, context } = await openTestApp(dir, 'conventions.sqlite'));
});

describe('a convention', () => {
  let id: string;

  it('keeps its terms exactly: rate in ten-thousandths of a euro, floor and cap in cents', async () => {
    ({ id } = await api.call('convention.add', terms));
    const [convention] = (await api.call('epci.get', { siren: grandFigeac })).conventions;
    expect(convention).toMatchObject({
      id,
      reference: 'CONV-2027-GF',
      signedOn: '2027-06-15',
      start: '2027-07-01',
      end: '2029-12-31',
      rate: '0.30',
      basis: 'totale',
      millesime: 2022,
      perimeter: 'epci',
      prorata: 'days',
      floor: '1000.00',
      cap: '20000.50',
      document: null,
    });
    expect(
      context.database.sqlite.prepare('select rate_e4, floor_cents, cap_cents from convention').get(),
    ).toEqual({
      rate_e4: 3000,
      floor_cents: 100000,
      cap_cents: 2000050,
    });
  });

  it('carries the population it froze, over its perimeter: all 92 communes, or the 86 in the Lot', async () => {
    const [convention] = (await api.call('epci.get', { siren: grandFigeac })).conventions;
    expect(convention?.population).toEqual({ value: 45489, communes: 92, missing: 0 });
    const { id: other } = await api.call('convention.add', {
      ...terms,
      start: '2030-01-01',
      end: null,
      perimeter: 'departement',
      basis: 'municipale',
    });
    const inLot = (await api.call('epci.get', { siren: grandFigeac })).conventions.find(
      (c) => c.id === other,
    );
    const lotCommunes = (await api.call('epci.get', { siren: grandFigeac })).communes.filter(
      (c) => c.inDepartement,
    );
    expect(inLot?.population).toEqual({
      value: lotCommunes.reduce((sum, c) => sum + c.population.municipale, 0),
      communes: 86,
      missing: 0,
    });
    await api.call('convention.remove', { id: other });
  });

  it.each([
    ['the same period', { start: '2027-07-01', end: '2029-12-31' }],
    ['a period starting inside it', { start: '2029-12-31', end: null }],
    ['a period ending inside it', { start: '2026-01-01', end: '2027-07-01' }],
    ['a period around it', { start: '2026-01-01', end: '2031-01-01' }],
  ])('refuses an overlapping convention: %s', async (_label, period) => {
    await expect(api.call('convention.add', { ...terms, ...period })).rejects.toMatchObject({
      code: 'CONVENTION_OVERLAP',
      message: expect.stringMatching(/chevauche celle du 01\/07\/2027 au 31\/12\/2029 \(CONV-2027-GF\)/),
    });
    expect((await api.call('epci.get', { siren: grandFigeac })).conventions).toHaveLength(1);
  });

  it('accepts one that starts the day after the last one ends', async () => {
    const { id: next } = await api.call('convention.add', {
      ...terms,
      reference: 'CONV-2030',
      start: '2030-01-01',
      end: null,
    });
    expect((await api.call('epci.get', { siren: grandFigeac })).conventions.map((c) => c.reference)).toEqual([
      'CONV-2027-GF',
      'CONV-2030',
    ]);
    await api.call('convention.remove', { id: next });
  });

  it.each([
    [{ rate: '0,3x' }, /Taux invalide/],
    [{ rate: '0.12345' }, /au plus 4 décimales/],
    [{ start: '2027-02-30' }, /Date invalide/],
    [{ end: '2027-01-01' }, /La date de fin précède la date de début/],
    [{ floor: '30000', cap: '100' }, /Le plancher dépasse le plafond/],
    [{ basis: 'habitants' }, /Base de population inconnue/],
    [{ perimeter: 'region' }, /Périmètre inconnu/],
  ])('refuses bad terms %j with a French message', async (bad, message) => {
    await expect(
      api.call('convention.add', { ...terms, start: '2035-01-01', end: null, ...bad } as never),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(message),
    });
  });

  it('keeps the signed PDF in the data folder under its checksum, and notices when it is altered', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    const stored = await api.call('convention.attachDocument', {
      id,
      fileName: 'convention-signee.pdf',
      content: pdf.toString('base64'),
    });
    expect(stored).toEqual({
      fileName: 'convention-signee.pdf',
      sha256: createHash('sha256').update(pdf).digest('hex'),
      size: pdf.length,
    });
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
    const file = path.join(context.documentsDir, 'conventions', id, `${stored.sha256}.pdf`);
    expect(fs.readFileSync(file)).toEqual(pdf);
    expect((await api.call('epci.get', { siren: grandFigeac })).conventions[0]?.document).toMatchObject({
      intact: true,
    });
    fs.appendFileSync(file, 'tampered');
    expect((await api.call('epci.get', { siren: grandFigeac })).conventions[0]?.document).toMatchObject({
      intact: false,
    });
  });

  it('refuses a document that is not a PDF, and keeps the previous one', async () => {
    await expect(
      api.call('convention.attachDocument', {
        id,
        fileName: 'photo.jpg',
        content: Buffer.from('\xff\xd8\xff').toString('base64'),
      }),
    ).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/n’est pas un PDF/) });
    expect((await api.call('epci.get', { siren: grandFigeac })).conventions[0]?.document?.fileName).toBe(
      'convention-signee.pdf',
    );
  });
});
