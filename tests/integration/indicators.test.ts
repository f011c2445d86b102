import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/services/context.ts';
import type { Api } from '../../shared/api.ts';
import { grandFigeac, openTestApp } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
let api: Api;
let context: AppContext;

beforeAll(async () => {
  ({ api, context } = await openTestApp(dir, 'indicators.sqlite'));
  await api.call('convention.add', {
    epci: grandFigeac,
    rate: '0.30',
    start: '2027-07-01',
    basis: 'totale',
    millesime: 2022,
    perimeter: 'epci',
    prorata: 'days',
  });
  for (const status of ['in_discussion', 'convention_drafted', 'convention_signed', 'active'] as const) {
    await api.call('epci.setStatus', { siren: grandFigeac, status });
  }
  const library = await api.call('library.add', {
    name: 'Médiathèque de Figeac',
    commune: '46102',
    ils: 'koha',
  });
  const file = 'N° carte;Nom;Prénom\r\nA1;Un;Anne\r\nA2;Deux;Bruno\r\nA3;Trois;Carla\r\n';
  const session = await api.call('import.open', {
    libraryId: library.id,
    fileName: 'lecteurs.csv',
    content: Buffer.from(file, 'latin1').toString('base64'),
  });
  await api.call('import.commit', { sessionId: session.sessionId });
});

describe('the service’s cost and the indicators', () => {
  it('keeps yearly cost lines exactly, signed in the journal', async () => {
    await api.call('cost.add', {
      year: 2027,
      vendor: 'Cantook',
      label: 'Livres numériques',
      pricing: 'per_credit',
      amount: '30 000',
    });
    const { id } = await api.call('cost.add', {
      year: 2027,
      vendor: 'Tout apprendre',
      label: 'Autoformation',
      pricing: 'flat',
      amount: '4 500,50',
    });
    expect((await api.call('cost.list', { year: 2027 })).map((c) => c.amountCents)).toEqual([
      3_000_000, 450_050,
    ]);
    await api.call('cost.remove', { id });
    expect(await api.call('cost.list', { year: 2027 })).toHaveLength(1);
    expect((await api.call('audit.list', { entity: 'service_cost' })).total).toBe(3);
  });

  it('sets contributions, patrons and population against the cost, with exact ratios', async () => {
    const indicators = await api.call('indicators.compute', { year: 2027 });
    const figeac = indicators.epci.find((e) => e.epci === grandFigeac);
    const inLot = (await api.call('epci.get', { siren: grandFigeac })).communes.filter(
      (c) => c.inDepartement,
    );
    const population = inLot.reduce((sum, c) => sum + c.population.municipale, 0);
    expect(figeac).toMatchObject({
      active: true,
      population,
      patrons: 3,
      persons: 3,
      contributionCents: 687943,
    });
    // 3 patrons for 36 924 inhabitants → 0,08 per 1 000; 6 879,43 € / 36 924 → 0,1863 €/inhabitant.
    expect(figeac?.patronsPer1000).toBe((Math.round((3000 / population) * 10) / 10).toFixed(1));
    expect(figeac?.contributionPerInhabitant).toBe((687943 / (population * 100)).toFixed(4));
    expect(indicators).toMatchObject({
      coveredPopulation: population,
      costCents: 3_000_000,
      contributionsCents: 687943,
      departementShareCents: 3_000_000 - 687943,
      persons: 3,
      costPerPerson: '10000.00',
    });
    const total = context.database.sqlite
      .prepare(
        "select sum(population) from commune_population p join commune c on c.insee = p.commune_insee where p.millesime = 2022 and p.basis = 'municipale' and c.departement = '46'",
      )
      .pluck()
      .get();
    expect(indicators.departementPopulation).toBe(total);
    expect(indicators.coveredShare).toBe(((population * 100) / (total as number)).toFixed(1));
  });
});
