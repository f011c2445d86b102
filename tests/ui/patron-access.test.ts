import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateFr, today } from '../../shared/domain/dates.ts';
import { grandFigeac } from '../helpers/app.ts';
import { seriousAxeFindings } from '../helpers/axe.ts';
import { allowedOnScreens, forbiddenWordsIn } from '../helpers/forbidden-words.ts';
import { tempDir } from '../helpers/temp.ts';
import { cahorsCsv, type ImportApp, openImportApp, year } from './patron-import.setup.ts';

/**
 * Access to the médiathèque numérique as staff see it: on the patron's card (« oui, jusqu’au … » / « non,
 * parce que … »), and counted on a library's and an EPCI's pages. Figeac participates and Grand-Figeac
 * has a convention; Cahors does not participate and Grand Cahors has none.
 */
let app: ImportApp;
const day = formatDateFr(today());

const figeacCsv = Buffer.from(
  [
    'cardnumber,surname,firstname,dateofbirth,email,zipcode,city,dateenrolled,dateexpiry,categorycode',
    `46F001,ARNAUD,Alice,1980-01-02,,46100,Figeac,${year - 1}-03-01,${year + 1}-03-01,ADULTE`,
    `46F002,BLANC,Bruno,1975-05-06,,46100,Figeac,${year - 3}-03-01,${year - 1}-01-15,ADULTE`,
    `46F003,CHEVALIER,Camille,1990-07-08,,46100,Figeac,${year - 1}-03-01,${year + 1}-06-30,ADULTE`,
    '',
  ].join('\n'),
  'utf8',
);

beforeAll(async () => {
  app = await openImportApp(path.join(tempDir(), 'acces.sqlite'));
  const { api, figeac, cahors } = app;
  await api.call('library.update', {
    id: figeac.id,
    participating: true,
    participatingSince: `${year - 1}-01-01`,
  });
  await api.call('convention.add', {
    epci: grandFigeac,
    reference: 'GF',
    start: `${year - 1}-01-01`,
    end: `${year + 1}-12-31`,
    rate: '0.30',
    basis: 'totale',
    millesime: 2022,
    perimeter: 'epci',
    prorata: 'days',
  });
  expect((await app.importThroughApi(figeac.id, 'koha-figeac.csv', figeacCsv)).counts.created).toBe(3);
  expect((await app.importThroughApi(cahors.id, 'lecteurs-cahors.csv', cahorsCsv)).counts.created).toBe(4);
}, 120_000);

afterAll(async () => {
  expect(app?.errors).toEqual([]);
  await app?.close();
});

async function openCard(name: string) {
  const { lecteurs, page } = app;
  // The Lecteurs screen's own « Rechercher », not the previous screen's, which a busy machine still shows.
  await page
    .getByRole('link', { name: 'Lecteurs', exact: true })
    .and(page.locator('[aria-current="page"]'))
    .waitFor();
  await lecteurs.search().fill(name);
  // The row of this search, not the one the previous search left.
  await expect.poll(() => lecteurs.rows().allInnerTexts()).toEqual([expect.stringContaining(name)]);
  await lecteurs.rows().first().click();
  const dialog = lecteurs.dialog();
  await dialog.getByRole('heading', { name: new RegExp(`^${name}`, 'i') }).waitFor();
  const access = dialog.getByRole('region', { name: 'Accès à la médiathèque numérique' });
  await access.getByText(/Accès : (oui|non)/).waitFor();
  return { dialog, access };
}

async function closeCard() {
  await app.lecteurs.dialog().getByRole('button', { name: 'Fermer' }).click();
  await app.lecteurs.dialog().waitFor({ state: 'hidden' });
}

describe('a patron’s card', () => {
  it('says « oui, jusqu’au … » for a registered patron of a member library under a convention', async () => {
    await app.nav('Lecteurs');
    const { access } = await openCard('ARNAUD');
    const text = await access.innerText();
    expect(text).toContain('Accès : oui');
    // Registered until 01/03 next year, then the default 30 days of grace.
    expect(text).toContain(`Accès à la médiathèque numérique : oui, jusqu’au 31/03/${year + 1}.`);
    expect(text).toContain(
      'Règles appliquées : l’accès reste ouvert 30 jours après la fin de l’abonnement (règles par défaut : ce poste n’a pas encore reçu celles du Département).',
    );
    expect(await seriousAxeFindings(app.page)).toEqual([]);
    await app.shot('acces-fiche-oui.png', false);
    await closeCard();
  });

  it('says « non, parce que … » with the dates, for an expired registration', async () => {
    const { access } = await openCard('BLANC');
    expect(await access.innerText()).toContain(
      `Accès à la médiathèque numérique : non, parce que son abonnement a pris fin le 15/01/${year - 1}, délai de grâce de 30 jours passé le 14/02/${year - 1}.`,
    );
    await closeCard();
  });

  it('gives every reason for a patron of a library that does not participate', async () => {
    const { access } = await openCard('LAPÈZE');
    const text = await access.innerText();
    expect(text).toContain('Accès : non');
    expect(text).toContain(
      `Accès à la médiathèque numérique : non, parce que Médiathèque de Cahors ne participe pas à la médiathèque numérique ; CA du Grand Cahors n’a pas de convention en vigueur le ${day}.`,
    );
    expect(await seriousAxeFindings(app.page)).toEqual([]);
    await app.shot('acces-fiche-non.png', false);
    await closeCard();
  });
});

describe('counted per library and EPCI', () => {
  it('on the library’s page: « N sur M inscrits », and why the others have none', async () => {
    await app.page.goto(`${app.host.origin}/#/bibliotheques/${app.figeac.id}`);
    const section = app.page.getByRole('region', { name: 'Accès à la médiathèque numérique' });
    await section.getByText(/Lecteurs ayant accès/).waitFor();
    const text = await section.innerText();
    expect(text).toContain(`Lecteurs ayant accès le ${day} : 2 sur 3 inscrits.`);
    expect(text).toMatch(
      /Sans accès : 1 inscrit, parce que :\s+abonnement terminé \(délai de grâce passé\) : 1/,
    );
    expect(await seriousAxeFindings(app.page)).toEqual([]);
    expect(forbiddenWordsIn([await app.page.locator('body').innerText()], allowedOnScreens)).toEqual([]);
    await app.shot('acces-bibliotheque.png');
  });

  it('on a closed library’s page: why it is closed to all', async () => {
    await app.page.goto(`${app.host.origin}/#/bibliotheques/${app.cahors.id}`);
    const section = app.page.getByRole('region', { name: 'Accès à la médiathèque numérique' });
    await section.getByText(/Lecteurs ayant accès/).waitFor();
    const text = await section.innerText();
    expect(text).toContain(`Lecteurs ayant accès le ${day} : 0 sur 4 inscrits.`);
    expect(text).toContain('Accès fermé à tous ses lecteurs');
    expect(text).toContain(
      `Parce que Médiathèque de Cahors ne participe pas à la médiathèque numérique ; CA du Grand Cahors n’a pas de convention en vigueur le ${day}.`,
    );
    expect(text).toMatch(/bibliothèque qui ne participe pas : 4/);
    expect(text).toMatch(/pas de convention en vigueur pour l’EPCI : 4/);
    expect(await seriousAxeFindings(app.page)).toEqual([]);
    await app.shot('acces-bibliotheque-fermee.png');
  });

  it('on the EPCI’s page: all its libraries', async () => {
    await app.page.goto(`${app.host.origin}/#/collectivites/${grandFigeac}`);
    const section = app.page.getByRole('region', { name: 'Accès à la médiathèque numérique' });
    await section.getByText(/Lecteurs ayant accès/).waitFor();
    expect(await section.innerText()).toContain(`Lecteurs ayant accès le ${day} : 2 sur 3 inscrits.`);
    expect(await seriousAxeFindings(app.page)).toEqual([]);
    expect(forbiddenWordsIn([await app.page.locator('body').innerText()], allowedOnScreens)).toEqual([]);
    await app.shot('acces-epci.png');
  });
});
