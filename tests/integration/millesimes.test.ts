import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../shared/api.ts';
import { grandFigeac, openTestApp, quercyBlanc } from '../helpers/app.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const fixture = (name: string) => path.join(repoRoot, 'tests', 'fixtures', name);
const base64 = (file: string) => fs.readFileSync(file).toString('base64');
let api: Api;

/** The fixture's own figures for an EPCI's communes, read independently of the app's parser. */
function fixtureSum(members: string[], column: 'PMUN' | 'PTOT') {
  const lines = fs.readFileSync(fixture('populations-legales-2023-lot.csv'), 'latin1').trim().split('\r\n');
  const header = (lines[0] as string).split(';');
  const [code, figure] = [header.indexOf('COM'), header.indexOf(column)];
  return lines
    .slice(1)
    .map((line) => line.split(';'))
    .filter((cells) => members.includes(cells[code] as string))
    .reduce((sum, cells) => sum + Number((cells[figure] as string).replace(/\s/g, '')), 0);
}

beforeAll(async () => {
  ({ api } = await openTestApp(dir, 'millesimes.sqlite'));
});

describe('the shipped vintages', () => {
  it('are 2021 and 2022, each with its own geography', async () => {
    const vintages = await api.call('millesime.list', {});
    expect(vintages.map((v) => [v.millesime, v.inForceYear, v.geography])).toEqual([
      [2022, 2025, true],
      [2021, 2024, true],
    ]);
  });

  it('count Quercy Blanc with Pern in 2021 and without it once merged into Pern-Lhospitalet', async () => {
    const old = await api.call('epci.get', { siren: quercyBlanc, millesime: 2021 });
    const now = await api.call('epci.get', { siren: quercyBlanc, millesime: 2022 });
    expect(old.communes.map((c) => c.name)).toContain('Pern');
    expect(old.communes).toHaveLength(10);
    expect(now.communes.map((c) => c.name)).toContain('Pern-Lhospitalet');
    expect(now.communes).toHaveLength(9);
  });
});

describe('importing an INSEE legal-populations file', () => {
  let conventionId: string;
  let frozenBefore: number | null;

  beforeAll(async () => {
    // A convention signed in 2024 froze the 2021 vintage, Pern included.
    conventionId = (
      await api.call('convention.add', {
        epci: quercyBlanc,
        rate: '0.25',
        start: '2024-01-01',
        end: '2026-12-31',
        basis: 'totale',
        millesime: 2021,
        perimeter: 'epci',
        prorata: 'months',
      })
    ).id;
    frozenBefore =
      (await api.call('epci.get', { siren: quercyBlanc })).conventions[0]?.population.value ?? null;
  });

  it('reads Windows-1252, “;” and thousands separators, writes the geography’s communes and reports the rest', async () => {
    const result = await api.call('millesime.import', {
      fileName: 'populations-legales-2023-lot.csv',
      content: base64(fixture('populations-legales-2023-lot.csv')),
      year: 2023,
      kind: 'insee',
    });
    expect(result).toMatchObject({ millesime: 2023, kind: 'insee', communes: 345, ignored: 1, missing: [] });
    expect(result.bases).toEqual(['municipale', 'totale']);
    expect(result.rejected).toEqual([{ line: 348, reason: '46999 : population illisible (municipale)' }]);
  });

  it('gives each EPCI its population for each vintage', async () => {
    const figeac = async (millesime: number) =>
      (await api.call('epci.list', { millesime })).find((e) => e.siren === grandFigeac)?.population;
    const members = (await api.call('epci.get', { siren: grandFigeac })).communes.map((c) => c.insee);
    expect(await figeac(2021)).toEqual({ municipale: 43818, totale: 45387 });
    expect(await figeac(2022)).toEqual({ municipale: 43924, totale: 45489 });
    expect(await figeac(2023)).toEqual({
      municipale: fixtureSum(members, 'PMUN'),
      totale: fixtureSum(members, 'PTOT'),
    });
    expect(fixtureSum(members, 'PMUN')).not.toBe(43924);
  });

  it('makes the newest vintage the default one', async () => {
    expect((await api.call('epci.list', {}))[0]?.millesime).toBe(2023);
    expect((await api.call('rollout.summary', {})).millesime).toBe(2023);
  });

  it('leaves a convention that froze the 2021 vintage with its own communes and figures', async () => {
    const convention = (await api.call('epci.get', { siren: quercyBlanc })).conventions.find(
      (c) => c.id === conventionId,
    );
    expect(frozenBefore).not.toBeNull();
    expect(convention?.population).toEqual({ value: frozenBefore, communes: 10, missing: 0 });
  });

  it('is idempotent: the same file again changes no figure', async () => {
    const before = await api.call('epci.list', { millesime: 2023 });
    await api.call('millesime.import', {
      fileName: 'populations-legales-2023-lot.csv',
      content: base64(fixture('populations-legales-2023-lot.csv')),
      year: 2023,
      kind: 'insee',
    });
    expect(await api.call('epci.list', { millesime: 2023 })).toEqual(before);
  });
});

describe('importing INSEE’s workbook and a DGF file', () => {
  it('reads an XLSX laid out like INSEE’s: title rows, département and 3-digit commune codes', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Régions').addRow(['Code région', 'Nom de la région', 'Population totale']);
    const sheet = workbook.addWorksheet('Communes');
    sheet.addRow(['Recensement de la population']);
    sheet.addRow(['Populations légales des communes en vigueur au 1er janvier 2027']);
    sheet.addRow([]);
    sheet.addRow([
      'Code région',
      'Nom de la région',
      'Code département',
      'Code arrondissement',
      'Code canton',
      'Code commune',
      'Nom de la commune',
      'Population municipale',
      'Population comptée à part',
      'Population totale',
    ]);
    const communes = await api.call('commune.list', {});
    for (const commune of communes) {
      sheet.addRow([
        76,
        'Occitanie',
        commune.departement,
        1,
        1,
        Number(commune.insee.slice(2)),
        commune.name,
        1000,
        20,
        1020,
      ]);
    }
    const file = path.join(dir, 'ensemble.xlsx');
    await workbook.xlsx.writeFile(file);

    const result = await api.call('millesime.import', {
      fileName: 'ensemble.xlsx',
      content: base64(file),
      year: 2024,
    });
    expect(result).toMatchObject({
      millesime: 2024,
      communes: communes.length,
      ignored: 0,
      missing: [],
      rejected: [],
    });
    const figeac = (await api.call('epci.list', { millesime: 2024 })).find((e) => e.siren === grandFigeac);
    expect(figeac?.population).toEqual({ municipale: 92_000, totale: 93_840 });
  });

  it('imports DGF populations as their own basis, and a convention on that basis uses them', async () => {
    const result = await api.call('millesime.import', {
      fileName: 'population-dgf-2026-lot.csv',
      content: base64(fixture('population-dgf-2026-lot.csv')),
      year: 2026,
      kind: 'dgf',
    });
    expect(result).toMatchObject({
      millesime: 2026,
      kind: 'dgf',
      bases: ['dgf'],
      communes: 345,
      missing: [],
    });
    await api.call('convention.add', {
      epci: grandFigeac,
      rate: '0.30',
      start: '2027-07-01',
      basis: 'dgf',
      millesime: 2026,
      perimeter: 'departement',
      prorata: 'days',
    });
    const [convention] = (await api.call('epci.get', { siren: grandFigeac })).conventions;
    expect(convention?.population).toMatchObject({ communes: 86, missing: 0 });
    expect(convention?.population.value).toBeGreaterThan(40_000);
    // A DGF file does not replace the legal populations shown by default.
    expect((await api.call('epci.list', {}))[0]?.millesime).toBe(2024);
  });
});

describe('bad population files', () => {
  it.each([
    ['vide.csv', Buffer.alloc(0), /colonnes introuvables/],
    ['image.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255, 254]), /colonnes introuvables/],
    [
      'faux.xlsx',
      Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)]),
      /n’est pas un classeur Excel lisible/,
    ],
    ['sans-colonnes.csv', Buffer.from('a;b;c\n1;2;3\n'), /colonnes introuvables/],
    [
      'ailleurs.csv',
      Buffer.from('COM;PMUN;PCAP;PTOT\n31555;511684;9311;520995\n'),
      /aucune commune des EPCI du département/,
    ],
  ])('%s is refused with a French message and changes nothing', async (fileName, bytes, message) => {
    const before = await api.call('millesime.list', {});
    await expect(
      api.call('millesime.import', {
        fileName,
        content: bytes.toString('base64'),
        year: 2030,
        kind: 'insee',
      }),
    ).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(message) });
    expect(await api.call('millesime.list', {})).toEqual(before);
  });
});
