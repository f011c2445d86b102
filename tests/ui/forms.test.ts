import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeFindings } from '../helpers/axe.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { type HostPage, openHostPage } from './host-page.setup.ts';

/**
 * The forms as staff meet them (issue 15, point 6): every error at once, each on its field, gone as soon as
 * the field changes, none before anything is touched; French dates refused in French; a scenario's EPCI
 * typed as its SIREN.
 */
const figeac = { siren: '200067361', name: 'CC Grand-Figeac' };
let app: HostPage;
let page: Page;

const shot = (name: string) => saveScreenshot(page, name);

/** The error a field shows: the text Mantine ties to the input (aria-describedby), or null. */
async function errorOf(input: Locator): Promise<string | null> {
  if ((await input.getAttribute('aria-invalid')) !== 'true') return null;
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/);
  const id = ids.find((candidate) => candidate.endsWith('-error'));
  return id ? (await page.locator(`[id="${id}"]`).innerText()).trim() : null;
}

/** The error is on its field: just under the input, not somewhere else on the page. */
async function sitsUnder(input: Locator): Promise<boolean> {
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/);
  const id = ids.find((candidate) => candidate.endsWith('-error'));
  const field = await input.boundingBox();
  const error = id ? await page.locator(`[id="${id}"]`).boundingBox() : null;
  if (!field || !error) return false;
  const gap = error.y - (field.y + field.height);
  return gap >= 0 && gap < 12 && Math.abs(error.x - field.x) < 8;
}

/** Every field of a form in error, as « label : message ». */
async function invalidFields(scope: Locator): Promise<string[]> {
  const inputs = scope.locator('input[aria-invalid="true"]');
  const found: string[] = [];
  for (const input of await inputs.all()) {
    const id = await input.getAttribute('id');
    const label = id ? (await scope.locator(`label[for="${id}"]`).innerText()).replace(/\s*\*$/, '') : '?';
    found.push(`${label.trim()} : ${await errorOf(input)}`);
  }
  return found;
}

beforeAll(async () => {
  app = await openHostPage(path.join(tempDir(), 'formulaires.sqlite'));
  page = app.page;
  page.setDefaultTimeout(30_000);
  // Dialogs and calendars appear at once, so screenshots catch them whole.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  // An open-ended convention from 1 July 2027: a new one without an end overlaps it.
  await app.api.call('convention.add', {
    epci: figeac.siren,
    reference: 'CONV-2027',
    start: '2027-07-01',
    rate: '0.30',
    basis: 'totale',
    millesime: 2022,
    perimeter: 'epci',
    prorata: 'days',
  });
});
afterAll(() => app?.close());

describe('forms: errors on their fields, French dates, a typed SIREN', () => {
  it('the convention form: nothing said before a touch, every error at once on its field, each gone on change', async () => {
    await page.goto(`${app.host.origin}/#/collectivites/${figeac.siren}`);
    await page.getByRole('tab', { name: /^Conventions/ }).click();
    await page.getByRole('button', { name: 'Ajouter une convention' }).click();
    const form = page.getByRole('dialog', { name: `Nouvelle convention — ${figeac.name}` });
    await form.waitFor();
    const rate = form.getByRole('textbox', { name: 'Taux (€ par habitant)' });
    const floor = form.getByRole('textbox', { name: 'Plancher (€)' });
    const cap = form.getByRole('textbox', { name: 'Plafond (€)' });
    const end = form.getByLabel('Fin', { exact: true });

    // Passing through fields says nothing.
    await rate.focus();
    await floor.focus();
    await form.getByRole('textbox', { name: 'Référence' }).focus();
    expect(await invalidFields(form)).toEqual([]);

    await floor.fill('mille');
    await cap.fill('1 000');
    await form.getByRole('textbox', { name: 'Référence' }).focus();
    // Left after a change: the floor is checked at once, in French, on its field.
    expect(await errorOf(floor)).toBe('Montant invalide (exemple : 1 500,00).');
    expect(await errorOf(rate)).toBeNull();

    await form.getByRole('button', { name: 'Enregistrer la convention' }).click();
    // All at once, each on its field; the first one in error takes the focus.
    expect(await invalidFields(form)).toEqual([
      'Taux (€ par habitant) : Taux invalide (exemple : 0,30 ; au plus 4 décimales).',
      'Plancher (€) : Montant invalide (exemple : 1 500,00).',
    ]);
    expect(await sitsUnder(rate)).toBe(true);
    expect(await sitsUnder(floor)).toBe(true);
    expect(await rate.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await form.getByRole('alert').count()).toBe(0);
    await shot('formulaire-erreurs-convention.png');
    // Errors in a red that reads, tied to their inputs (the pointer moved off the button it clicked).
    await page.mouse.move(1, 890);
    expect(await seriousAxeFindings(page)).toEqual([]);

    // Fixing one field takes its error away at once, the other stays.
    await rate.fill('0');
    expect(await errorOf(rate)).toBeNull();
    expect(await errorOf(floor)).toBe('Montant invalide (exemple : 1 500,00).');
    await rate.fill('0,30');
    await floor.fill('2 000');
    expect(await invalidFields(form)).toEqual([]);

    // 31 February: refused in French on the date field, left as typed.
    await end.fill('31/02/2027');
    await end.blur();
    expect(await errorOf(end)).toBe('Date invalide : le 31/02/2027 n’existe pas.');
    expect(await end.inputValue()).toBe('31/02/2027');
    await end.fill('demain');
    await end.blur();
    expect(await errorOf(end)).toBe('Date illisible : écrivez-la JJ/MM/AAAA (exemple : 31/12/2027).');
    await end.fill('31/02/2027');
    await end.blur();
    // The floor above the cap: the schema's check across fields, on the floor.
    await form.getByRole('button', { name: 'Enregistrer la convention' }).click();
    expect(await invalidFields(form)).toEqual([
      'Fin : Date invalide : le 31/02/2027 n’existe pas.',
      'Plancher (€) : Le plancher dépasse le plafond.',
    ]);
    await shot('formulaire-date-31-fevrier.png');
    await end.fill('');
    await floor.fill('');
    await end.blur();
    expect(await invalidFields(form)).toEqual([]);
  });

  it('the service’s refusal goes on the field it concerns: an overlapping period on « Début »', async () => {
    const form = page.getByRole('dialog', { name: `Nouvelle convention — ${figeac.name}` });
    const start = form.getByLabel('Début');
    await start.fill('01/09/2027');
    await start.blur();
    await form.getByRole('button', { name: 'Enregistrer la convention' }).click();
    await expect.poll(() => errorOf(start)).toMatch(/^Cette convention chevauche celle du 01\/07\/2027/);
    expect(await sitsUnder(start)).toBe(true);
    expect(await form.getByRole('alert').count()).toBe(0);
    await shot('formulaire-refus-chevauchement.png');
    // Changing the date takes the refusal away.
    await start.fill('01/01/2027');
    expect(await errorOf(start)).toBeNull();

    // A date can also be picked in a French calendar, which Échap closes without closing the dialog.
    const signed = form.getByRole('textbox', { name: 'Signée le' });
    await signed.click();
    const calendar = page.locator('[data-dates-dropdown]');
    await calendar.waitFor();
    expect(await calendar.innerText()).toMatch(/lu\s+ma\s+me\s+je\s+ve\s+sa\s+di/i);
    await shot('formulaire-calendrier.png');
    await calendar.getByRole('button', { name: /^15 \p{L}+ \d{4}$/u }).click();
    await expect.poll(() => signed.inputValue()).toMatch(/^15\/\d{2}\/\d{4}$/);
    await signed.click();
    await calendar.waitFor();
    await signed.press('Escape');
    await calendar.waitFor({ state: 'hidden' });
    expect(await form.isVisible()).toBe(true);
    await form.getByRole('button', { name: 'Annuler' }).click();
    await form.waitFor({ state: 'detached' });
  });

  it('the contact form: the name and the e-mail at once', async () => {
    await page.getByRole('tab', { name: /^Contacts/ }).click();
    await page.getByRole('button', { name: 'Ajouter un contact' }).click();
    const form = page.getByRole('dialog', { name: 'Nouveau contact' });
    await form.getByLabel('E-mail').fill('jean.martin');
    await form.getByRole('button', { name: 'Ajouter le contact' }).click();
    expect(await invalidFields(form)).toEqual([
      'Nom : Le nom du contact est obligatoire.',
      'E-mail : Adresse e-mail invalide.',
    ]);
    await form.getByRole('button', { name: 'Annuler' }).click();
  });

  it('the library form: name, commune and SIGB at once, in words', async () => {
    await page.goto(`${app.host.origin}/#/bibliotheques`);
    await page.getByRole('button', { name: 'Ajouter une bibliothèque' }).click();
    const form = page.getByRole('dialog', { name: 'Nouvelle bibliothèque' });
    await form.getByRole('button', { name: 'Ajouter la bibliothèque' }).click();
    expect(await invalidFields(form)).toEqual([
      'Nom : Le nom est obligatoire.',
      'Commune : Choisissez la commune de la bibliothèque.',
      'SIGB : Choisissez le SIGB (le logiciel de la bibliothèque), ou « Autre ».',
    ]);
    await shot('formulaire-erreurs-bibliotheque.png');
    await form.getByRole('textbox', { name: 'Nom', exact: true }).fill('Médiathèque de Figeac');
    expect(await invalidFields(form)).toHaveLength(2);
    await form.getByRole('button', { name: 'Annuler' }).click();
  });

  it('the cost line form: every missing field at once', async () => {
    await page.goto(`${app.host.origin}/#/contributions`);
    const form = page.getByRole('form', { name: 'Ajouter une ligne de coût' });
    await form.getByRole('button', { name: 'Ajouter la ligne' }).click();
    expect(await invalidFields(form)).toEqual([
      'Fournisseur : Le fournisseur est obligatoire.',
      'Libellé : Le libellé est obligatoire.',
      'Tarification : Choisissez la tarification.',
      'Montant (€) : Montant invalide (exemple : 1 500,00).',
    ]);
    await form.scrollIntoViewIfNeeded();
    await saveScreenshot(form, 'formulaire-erreurs-cout.png');
  });

  it('the scenario form: no SIREN error before anything is chosen, a typed SIREN accepted', async () => {
    await page.goto(`${app.host.origin}/#/scenarios`);
    await page.getByRole('button', { name: 'Nouveau scénario' }).click();
    await page.getByRole('button', { name: 'Ajouter une convention' }).click();
    const region = page.getByRole('region', { name: 'Scénarios' });
    const convention = region.getByRole('group', { name: 'Convention 1' });
    const epci = convention.getByRole('textbox', { name: 'EPCI', exact: true });
    await page.getByText('À compléter avant de comparer').waitFor();
    const before = await region.innerText();
    expect(before).not.toContain('Un SIREN compte 9 chiffres');
    expect(before).toContain('Convention 1 — EPCI : à choisir (ou tapez son SIREN)');
    expect(await invalidFields(region)).toEqual([]);
    expect(await seriousAxeFindings(page)).toEqual([]);

    // A wrong SIREN, once left, is refused on the field…
    await epci.fill('2000 673');
    await epci.blur();
    expect(await errorOf(epci)).toBe('Un SIREN compte 9 chiffres.');
    // …and a typed SIREN, spaces and all, is taken: the field names the EPCI's SIREN.
    await epci.fill('200 067 361');
    expect(await errorOf(epci)).toBeNull();
    await epci.blur();
    expect(await errorOf(epci)).toBeNull();
    await convention.getByText(`${figeac.name} · SIREN 200 067 361`).waitFor();
    await convention.getByRole('textbox', { name: 'Taux (€/hab.)' }).fill('0,35');
    const start = convention.getByLabel('Début', { exact: true });
    await start.fill('01/01/2027');
    await start.blur();
    await page.getByText('Scénario valide').waitFor();
    await saveScreenshot(region, 'formulaire-scenario-siren.png');
  });

  it('logged no unexpected console error', () => {
    expect(app.errors.filter((error) => !error.startsWith('Failed to load resource'))).toEqual([]);
  });
});
