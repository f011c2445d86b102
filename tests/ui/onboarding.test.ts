import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, saveScreenshot, startAppHost } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { BibliothequesPage } from './bibliotheques.page.ts';
import { CollectivitesPage } from './collectivites.page.ts';
import { EpciDetailPage, figure } from './epci-detail.page.ts';
import { JournalPage } from './journal.page.ts';

const dir = tempDir();
let browser: Browser;
let host: Awaited<ReturnType<typeof startAppHost>>;
let page: Page;
let list: CollectivitesPage;
let epci: EpciDetailPage;
const errors: string[] = [];
/** Error codes of the API calls the service refused, in order. */
const refusals: string[] = [];

const staff = 'Marie Dupont';
const figeac = { siren: '200067361', name: 'CC Grand-Figeac' };
const shot = (name: string) => saveScreenshot(page, name, { fullPage: true });
const nav = (label: string) =>
  page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: label }).click();

async function coveredPopulation(): Promise<number> {
  const text = await list.stat('Population couverte').innerText();
  const match = /([\d\s\u202f\u00a0]+) habitants?/.exec(text);
  if (!match?.[1]) throw new Error(`Population couverte illisible : ${text}`);
  return figure(match[1]);
}

beforeAll(async () => {
  host = await startAppHost(path.join(dir, 'onboarding.sqlite'));
  browser = await launchChromium();
  // Reduced motion: modals appear at once, so screenshots catch them whole.
  page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
    reducedMotion: 'reduce',
  });
  // A step that cannot happen fails in seconds, not after the test's whole timeout.
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium logs every non-2xx answer; the host answers refusals with 409/422, checked via `refusals`.
    const refusal =
      message.text().startsWith('Failed to load resource') && message.location().url.includes('/api/');
    if (!refusal) errors.push(message.text());
  });
  page.on('response', async (response) => {
    if (!response.url().includes('/api/') || response.ok()) return;
    const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
    refusals.push(body?.error?.code ?? `HTTP ${response.status()}`);
  });
  list = new CollectivitesPage(page);
  epci = new EpciDetailPage(page);
  await openApp(page, host.url);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('onboarding Grand-Figeac through the screens, on a fresh database', () => {
  let coveredBefore = 0;

  it('starts with nobody covered, and no staff name in the header', async () => {
    await expect.poll(() => list.bodyRows().count()).toBe(10);
    await list.stat('Population couverte').waitFor();
    coveredBefore = await coveredPopulation();
    expect(coveredBefore).toBe(0);
    expect(await list.stat('EPCI actifs').innerText()).toContain('0 sur 10');
    expect(await page.getByRole('banner').getByRole('link', { name: 'Nom non renseigné' }).isVisible()).toBe(
      true,
    );
  });

  it('refuses a change while no staff name is set, and links to Réglages', async () => {
    await list.search().fill('figeac');
    await list.row(figeac.name).click();
    await page.getByRole('heading', { name: figeac.name }).waitFor();
    expect(await epci.status().innerText()).toBe('Non contacté');
    await epci.requestMove('En discussion');
    const alert = epci.dialog().getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Indiquez d’abord votre nom dans Réglages');
    await alert.getByRole('link', { name: 'Ouvrir les Réglages' }).click();
    await page.getByRole('heading', { name: 'Réglages' }).waitFor();
  });

  it('sets the staff name in Réglages; the header then shows who signs', async () => {
    await page.getByLabel('Nom de l’agent').fill(staff);
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText(`Les modifications seront signées « ${staff} ».`).waitFor();
    expect(await page.getByRole('banner').innerText()).toContain(staff);
  });

  it('moves Grand-Figeac from Non contacté to Convention en préparation, offering only allowed moves', async () => {
    await nav('Collectivités');
    await list.search().fill('figeac');
    await list.row(figeac.name).click();
    await page.getByRole('heading', { name: figeac.name }).waitFor();
    expect(await epci.offeredMoves()).toEqual(['En discussion', 'Sorti']);
    await epci.moveTo('En discussion', 'Premier rendez-vous avec la DGS');
    // "Actif" is not one step away: it is not offered.
    expect(await epci.offeredMoves()).toEqual(['Non contacté', 'Convention en préparation', 'Sorti']);
    await epci.moveTo('Convention en préparation');
  });

  it('refuses "Convention signée" while no convention is recorded', async () => {
    await epci.requestMove('Convention signée');
    const alert = epci.dialog().getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('enregistrez d’abord la convention');
    await shot('onboarding-refus.png');
    await epci.dialog().getByRole('button', { name: 'Annuler' }).click();
    expect(await epci.status().innerText()).toBe('Convention en préparation');
  });

  it('adds the convention through the form: 0,30 €, population totale 2022, whole EPCI, prorata by day', async () => {
    await epci.tab(/^Conventions/).click();
    await page.getByRole('button', { name: 'Ajouter une convention' }).click();
    const form = epci.dialog();
    await form.getByLabel('Taux (€ par habitant)').fill('0,30');
    await epci.choose('Base de population', 'totale');
    await epci.choose('Millésime', '2022 (en vigueur en 2025)');
    // The defaults the issue asks for.
    expect(await form.getByRole('textbox', { name: 'Périmètre' }).inputValue()).toBe(
      'toutes les communes de l’EPCI',
    );
    expect(await form.getByRole('textbox', { name: 'Prorata la première année' }).inputValue()).toBe(
      'au jour près',
    );
    // French dates whatever the computer's language: JJ/MM/AAAA.
    expect(await form.getByLabel('Début').inputValue()).toMatch(/^01\/\d{2}\/\d{4}$/);
    expect(await form.innerText()).toContain('0,30 € par habitant, population totale 2022');
    await shot('onboarding-convention-form.png');
    await form.getByRole('button', { name: 'Enregistrer la convention' }).click();
    await form.waitFor({ state: 'detached' });
    const row = epci.conventionsTable().locator('tbody tr').first();
    await expect.poll(() => row.innerText()).toContain('0,30 €/hab.');
    const text = await row.innerText();
    expect(text).toContain('totale 2022');
    expect(text).toContain('au jour près');
    expect(figure(/([\d\s\u202f]+) hab\.\n/.exec(text)?.[1] ?? '')).toBe(45489);
  });

  it('attaches the signed PDF and shows it intact', async () => {
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Joindre le PDF signé' }).click(),
    ]);
    await chooser.setFiles({
      name: 'convention-grand-figeac.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% convention signée\n%%EOF\n'),
    });
    const row = epci.conventionsTable().locator('tbody tr').first();
    await expect.poll(() => row.innerText()).toContain('convention-grand-figeac.pdf');
    expect(await row.innerText()).toContain('intact');
  });

  it('moves on to Convention signée, then Actif; the timeline shows the four moves, signed', async () => {
    await epci.moveTo('Convention signée', 'Délibération du conseil communautaire');
    await epci.moveTo('Actif');
    expect(await epci.offeredMoves()).toEqual(['Convention signée', 'Suspendu', 'Sorti']);
    await epci.tab(/^Suivi/).click();
    const timeline = page.getByRole('region', { name: 'Historique' });
    await expect.poll(() => timeline.innerText()).toContain('Convention signée → Actif');
    const text = await timeline.innerText();
    expect(text).toContain('Non contacté → En discussion');
    expect(text).toContain('Premier rendez-vous avec la DGS');
    expect(text.match(new RegExp(staff, 'g'))).toHaveLength(4);
    await shot('onboarding-epci-actif.png');
    await epci.tab(/^Conventions/).click();
    await epci.conventionsTable().waitFor();
    await shot('onboarding-conventions.png');
  });

  it('keeps the follow-up: next action, a note, and a contact added, edited, then removed after confirmation', async () => {
    await epci.tab(/^Suivi/).click();
    await page.getByLabel('À faire').fill('Envoyer le bilan du premier trimestre');
    await page.getByLabel('Échéance').fill('2027-04-15');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('status').filter({ hasText: 'Enregistré.' }).waitFor();
    await page.getByLabel('Ajouter une note').fill('Appel du président : satisfait du lancement.');
    await page.getByRole('button', { name: 'Ajouter la note' }).click();
    const timeline = page.getByRole('region', { name: 'Historique' });
    await expect.poll(() => timeline.innerText()).toContain('Appel du président : satisfait du lancement.');

    await epci.tab(/^Contacts/).click();
    await page.getByRole('button', { name: 'Ajouter un contact' }).click();
    await epci.dialog().getByRole('textbox', { name: 'Nom', exact: true }).fill('Jean Martin');
    await epci.dialog().getByLabel('Fonction').fill('DGS');
    await epci.dialog().getByLabel('E-mail').fill('jean.martin@grand-figeac.fr');
    await epci.dialog().getByRole('button', { name: 'Ajouter le contact' }).click();
    const contacts = page.getByRole('table', { name: /^Contacts de/ }).locator('tbody tr');
    await expect.poll(() => contacts.first().innerText()).toContain('jean.martin@grand-figeac.fr');
    await contacts.first().getByRole('button', { name: 'Modifier' }).click();
    await epci.dialog().getByLabel('Téléphone').fill('05 65 00 00 00');
    await epci.dialog().getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => contacts.first().innerText()).toContain('05 65 00 00 00');
    await contacts.first().getByRole('button', { name: 'Supprimer' }).click();
    expect(await epci.dialog().innerText()).toContain(
      'Jean Martin (DGS) ne figurera plus parmi les contacts',
    );
    await shot('onboarding-contact-suppression.png');
    await epci.dialog().getByRole('button', { name: 'Supprimer le contact' }).click();
    await expect.poll(() => contacts.first().innerText()).toContain('Aucun contact enregistré.');
    await epci.tab(/^Journal/).click();
    const trail = page.getByRole('table', { name: 'Journal des modifications' });
    await expect.poll(() => trail.innerText()).toContain('téléphone : (vide) → 05 65 00 00 00');
    expect(await trail.innerText()).toContain(
      'prochaine action : (vide) → Envoyer le bilan du premier trimestre',
    );
  });

  it('covers Grand-Figeac’s population municipale in the Lot in the Collectivités header', async () => {
    const inLot = await epci.populationInDepartement();
    expect(inLot).toBeGreaterThan(30000);
    await nav('Collectivités');
    await expect.poll(coveredPopulation).toBe(coveredBefore + inLot);
    expect(await list.stat('EPCI actifs').innerText()).toContain('1 sur 10');
    expect(await list.row(figeac.name).innerText()).toContain('Actif');
    await shot('onboarding-collectivites.png');
  });

  it('shows the status moves in the Journal, signed with the staff name', async () => {
    await nav('Journal');
    const journal = new JournalPage(page);
    await journal.filterBy('Objet', 'Suivi');
    const moves = journal.rows().filter({ hasText: /statut : .+ → / });
    await expect.poll(() => moves.count()).toBe(4);
    const lines = await moves.allInnerTexts();
    expect(lines[0]).toContain('Convention signée → Actif');
    expect(lines.every((line) => line.includes(staff) && line.includes(figeac.name))).toBe(true);
    await shot('onboarding-journal.png');
  });

  it('adds a library in Asprières (Aveyron), whose EPCI is Grand-Figeac', async () => {
    await nav('Bibliothèques');
    const libraries = new BibliothequesPage(page);
    await page.getByRole('button', { name: 'Ajouter une bibliothèque' }).click();
    const form = libraries.dialog();
    await form.getByRole('textbox', { name: 'Nom', exact: true }).fill('Bibliothèque d’Asprières');
    await libraries.pickCommune('aspri', 'Asprières (CC Grand-Figeac)');
    expect(await form.innerText()).toContain('INSEE 12012 · département 12 · EPCI : CC Grand-Figeac');
    await libraries.pickIls('Koha');
    await form.getByLabel('Participe à la médiathèque numérique').check();
    await form.getByLabel('Depuis le').fill('15/01/2026');
    await form.getByLabel('Depuis le').blur();
    await form.getByRole('button', { name: 'Ajouter la bibliothèque' }).click();
    await page.getByRole('heading', { name: 'Bibliothèque d’Asprières' }).waitFor();
    const sheet = page.getByRole('form', { name: 'Fiche de la bibliothèque' });
    expect(await sheet.innerText()).toMatch(/EPCI :\s*CC Grand-Figeac\s*\(déduit de la commune\)/);
    expect(await sheet.getByRole('link', { name: figeac.name }).getAttribute('href')).toBe(
      `#/collectivites/${figeac.siren}`,
    );
    // An edit sends only what changed, and the library's journal says so in plain words.
    await sheet.getByRole('textbox', { name: 'SIGB' }).click();
    await page.getByRole('option', { name: 'PMB', exact: true }).click();
    await sheet.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('status').filter({ hasText: 'Enregistré : SIGB.' }).waitFor();
    const trail = page.getByRole('table', { name: 'Journal des modifications' });
    await expect.poll(() => trail.innerText()).toContain('SIGB : Koha → PMB');
    await shot('bibliotheque-asprieres.png');
    await nav('Bibliothèques');
    await expect.poll(() => libraries.rows().count()).toBe(1);
    const row = await libraries.rows().first().innerText();
    expect(row).toContain('ASPRIERES');
    expect(row).toContain(figeac.name);
    expect(row).toContain('PMB');
    await shot('bibliotheques.png');
  });

  it('imports DGF populations in Réglages and reports what was written, ignored, missing and rejected', async () => {
    await nav('Réglages');
    const csv = ['Code commune;Population DGF', '46102;10500', '12012;800', '75056;2100000', '4610X;12'].join(
      '\n',
    );
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Fichier' }).click(),
    ]);
    await chooser.setFiles({ name: 'dgf-2022.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    // An INSEE file of a newer year would become the displayed millésime: the confirmation says so.
    await page.getByRole('textbox', { name: 'Millésime' }).fill('2023');
    await page.getByRole('button', { name: 'Importer…' }).click();
    expect(await page.getByRole('dialog').innerText()).toContain(
      '2023 est plus récent que le millésime affiché (2022)',
    );
    await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('textbox', { name: 'Millésime' }).fill('2022');
    await page.getByRole('textbox', { name: 'Type de fichier' }).click();
    await page.getByRole('option', { name: 'DGF — population DGF' }).click();
    await page.getByRole('button', { name: 'Importer…' }).click();
    const confirm = page.getByRole('dialog');
    expect(await confirm.innerText()).toContain('« dgf-2022.csv »');
    await confirm.getByRole('button', { name: 'Importer', exact: true }).click();
    const report = page.getByRole('status').filter({ hasText: 'Millésime 2022 importé' });
    await report.waitFor();
    const text = await report.innerText();
    expect(text).toContain('2 communes écrites (dgf) ; 1 ligne ignorée');
    expect(text).toMatch(/\d+ communes sans chiffre dans ce fichier/);
    expect(text).toContain('ligne 5 : code commune illisible');
    const vintages = page.getByRole('table', { name: 'Millésimes de population' });
    await expect.poll(() => vintages.innerText()).toMatch(/DGF\s+2 communes/);
    await shot('reglages.png');
  });

  it('ran without a single error in the page console; the only refusals were the two expected', () => {
    expect(errors).toEqual([]);
    expect(refusals).toEqual(['ACTOR_REQUIRED', 'CONVENTION_REQUIRED']);
  });
});
