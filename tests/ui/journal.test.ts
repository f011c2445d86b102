import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../shared/api.ts';
import { today } from '../../shared/domain/dates.ts';
import { grandFigeac } from '../helpers/app.ts';
import { seriousAxeFindings } from '../helpers/axe.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { type HostPage, openHostPage } from './host-page.setup.ts';
import { JournalPage } from './journal.page.ts';

/**
 * The Journal as library staff read it, with every kind of line it can show: status moves (once each),
 * imports, an undone import, duplicate decisions, a purge, a population file, conventions, costs,
 * libraries — in French, figures and dates in French form, naming the library and the patron concerned.
 */

let app: HostPage;
let journal: JournalPage;
const staff = 'Claire Agent';

/** A Koha-like export: card, names, birth date, end of subscription. */
function csv(rows: string[][]): string {
  return ['cardnumber,surname,firstname,dateofbirth,dateexpiry', ...rows.map((row) => row.join(','))].join(
    '\n',
  );
}

/** A name of letters only for the n-th generated patron: A, B, …, Z, BA, BB… */
function letters(n: number): string {
  let name = '';
  let rest = n;
  do {
    name = String.fromCharCode(65 + (rest % 26)) + name;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return name;
}

async function importFile(api: Api, libraryId: string, fileName: string, text: string) {
  const session = await api.call('import.open', {
    libraryId,
    fileName,
    content: Buffer.from(text).toString('base64'),
  });
  return api.call('import.commit', { sessionId: session.sessionId });
}

beforeAll(async () => {
  app = await openHostPage(path.join(tempDir(), 'journal.sqlite'), staff);
  journal = new JournalPage(app.page);
  const { api } = app;
  const figeac = (
    await api.call('library.add', {
      name: 'Médiathèque de Figeac',
      commune: '46102',
      ils: 'koha',
      code: 'FIG',
    })
  ).id;
  const cahors = (
    await api.call('library.add', {
      name: 'Médiathèque de Cahors',
      commune: '46042',
      ils: 'pmb',
      code: 'CAH',
    })
  ).id;
  // Moves to the library's annex in Asprières (Aveyron), still in Grand-Figeac.
  await api.call('library.update', { id: figeac, commune: '12012' });
  await api.call('epci.setStatus', {
    siren: grandFigeac,
    status: 'in_discussion',
    note: 'Appel du président',
  });
  await api.call('epci.setStatus', { siren: grandFigeac, status: 'convention_drafted' });
  await api.call('epci.updateFollowUp', {
    siren: grandFigeac,
    nextAction: 'Envoyer le projet',
    nextActionDue: '2027-01-15',
  });
  const convention = await api.call('convention.add', {
    epci: grandFigeac,
    reference: 'CONV-GF',
    signedOn: '2026-06-15',
    start: '2026-07-01',
    end: null,
    rate: '0.30',
    basis: 'municipale',
    millesime: 2022,
    perimeter: 'epci',
    prorata: 'days',
    floor: null,
    cap: '20000',
  });
  await api.call('convention.attachDocument', {
    id: convention.id,
    fileName: 'convention-signee.pdf',
    content: Buffer.from(`%PDF-1.4\n${'x'.repeat(3000)}`).toString('base64'),
  });
  await api.call('cost.add', {
    year: 2026,
    vendor: 'Cantook',
    label: 'Livres numériques',
    pricing: 'flat',
    amount: '20000',
  });
  // 20 002 patrons in Figeac, two of whom are registered in Cahors too.
  const many = Array.from({ length: 20_000 }, (_, i) => [
    `F${i}`,
    `LECTEUR${letters(i)}`,
    'Jean',
    '',
    '2030-01-01',
  ]);
  await importFile(
    api,
    figeac,
    'figeac-2026.csv',
    csv([
      ...many,
      ['F-COEUR', 'CŒUR', 'Josette', '1977-02-17', '2030-01-01'],
      ['F-DARCY', "D'ARCY", 'Hélène', '1934-01-19', '2030-01-01'],
    ]),
  );
  await importFile(
    api,
    cahors,
    'cahors.csv',
    csv([
      ['C-COEUR', 'CŒUR', 'Josette', '1977-02-17', '2028-01-05'],
      ['C-DARCY', "D'ARCY", 'Hélène', '1934-01-19', '2027-03-01'],
    ]),
  );
  const flagged = await api.call('patron.search', {
    text: '',
    duplicates: true,
    libraryId: cahors,
    limit: 10,
  });
  const flaggedId = (last: string) => flagged.patrons.find((p) => p.lastName === last)?.id as string;
  await api.call('patron.resolveDuplicate', { id: flaggedId('CŒUR'), decision: 'confirmed' });
  await api.call('patron.resolveDuplicate', { id: flaggedId("D'ARCY"), decision: 'distinct' });
  const mistaken = await importFile(
    api,
    cahors,
    'cahors-erreur.csv',
    csv([
      ['C-X1', 'ERREUR', 'Un', '', '2030-01-01'],
      ['C-X2', 'ERREUR', 'Deux', '', '2030-01-01'],
    ]),
  );
  await api.call('import.undo', { batchId: mistaken.batchId });
  await api.call('millesime.import', {
    fileName: 'dgf-2022.csv',
    content: Buffer.from('Code commune;Population DGF\n46102;10500\n46042;20000\n').toString('base64'),
    year: 2022,
    kind: 'dgf',
  });
  // D'ARCY's Cahors card ends in March 2027: purged under a 12-month rule applied in June 2028.
  await api.call('patron.purge', { months: 12, today: '2028-06-01' });
  await api.call('epci.addNote', { siren: grandFigeac, text: 'Relancer en septembre' });
  await app.page.goto(`${app.host.origin}/#/journal`);
  await app.page.getByRole('heading', { name: 'Journal', level: 2 }).waitFor();
}, 120_000);
afterAll(() => app?.close());

/** The lines on screen, one string each (cells separated by tabs). */
async function lines(): Promise<string[]> {
  await journal.rows().first().waitFor();
  return journal.rows().allInnerTexts();
}

const line = async (text: string | RegExp) => {
  const found = (await lines()).filter((l) => (typeof text === 'string' ? l.includes(text) : text.test(l)));
  expect(found, `une ligne du journal contenant ${text}`).toHaveLength(1);
  return found[0] as string;
};

describe('the Journal, read by library staff', () => {
  it('shows each status change once, with its note', async () => {
    const moves = (await lines()).filter((l) => /statut : .+ → /.test(l));
    expect(moves).toHaveLength(2);
    expect(moves[0]).toContain('statut : En discussion → Convention en préparation');
    expect(moves[1]).toContain('statut : Non contacté → En discussion — « Appel du président »');
    expect(moves.every((m) => m.includes('changement de statut') && m.includes('CC Grand-Figeac'))).toBe(
      true,
    );
    // No line for the follow-up record opened on the way (« Non contacté », nothing planned).
    expect((await lines()).filter((l) => l.includes('Appel du président'))).toHaveLength(1);
    expect((await lines()).some((l) => /Suivi\s+création/.test(l))).toBe(false);
    // Both filters on the follow-up find the moves, still once each.
    await journal.filterBy('Objet', 'Suivi');
    await expect.poll(async () => (await lines()).filter((l) => /statut : .+ → /.test(l)).length).toBe(2);
    expect(await lines()).toContainEqual(expect.stringContaining('échéance : — → 15/01/2027'));
    await app.page.getByRole('textbox', { name: 'Objet', exact: true }).click();
    await app.page.getByRole('option', { name: 'Historique', exact: true }).click();
    await expect.poll(async () => (await lines()).length).toBe(3);
    await app.page.goto(`${app.host.origin}/#/reglages`);
    await app.page.goto(`${app.host.origin}/#/journal`);
    await journal.rows().first().waitFor();
  });

  it('gives an undone import and duplicate decisions their own words, not « création »', async () => {
    const undone = await line('« cahors-erreur.csv » : 2 lecteurs retirés, 0 rétabli, 0 conservé');
    expect(undone).toContain('import annulé');
    expect(undone).not.toContain('création');
    const same = await line('Doublon : même personne');
    const distinct = await line('Doublon : personnes distinctes');
    for (const decision of [same, distinct]) {
      expect(decision).toContain('décision');
      expect(decision).not.toContain('création');
    }
    const imports = (await lines()).filter((l) => /lecteurs? créés?, /.test(l));
    expect(imports).toHaveLength(3);
    expect(imports.every((l) => l.includes('import') && !l.includes('création'))).toBe(true);
    expect(await line(/purge RGPD/)).toContain(
      '1 lecteur supprimé : inscription terminée avant le 01/06/2027',
    );
    expect(await line('Millésime 2022')).toContain('Population DGF');
  });

  it('names the library and the patron concerned, the patron by name and card only', async () => {
    const same = await line('Doublon : même personne');
    expect(same).toContain('Médiathèque de Cahors');
    expect(same).toContain('CŒUR Josette — carte C-COEUR');
    // Purged since: the line says so, and names nobody.
    const distinct = await line('Doublon : personnes distinctes');
    expect(distinct).toContain('Médiathèque de Cahors');
    expect(distinct).toContain('Lecteur supprimé depuis');
    expect(distinct).not.toContain('ARCY');
    // Nothing more about the patron than the name and the card: no birth date, no e-mail.
    expect(same).not.toMatch(/1977|@/);
    expect(await line('figeac-2026.csv')).toContain('Médiathèque de Figeac');
    expect(await line('import annulé')).toContain('Médiathèque de Cahors');
    const library = app.page.getByRole('link', { name: 'Médiathèque de Cahors' }).first();
    expect(await library.getAttribute('href')).toMatch(/^#\/bibliotheques\/.+/);
  });

  it('writes figures, amounts and dates the French way, with no raw code or column name', async () => {
    expect(await line('figeac-2026.csv')).toMatch(
      /« figeac-2026\.csv » : 20\s002 lecteurs créés, 0 modifié, 0 inchangé, 0 ligne rejetée/,
    );
    expect(await line('Cantook')).toMatch(
      /année : 2026 · fournisseur : Cantook · libellé : Livres numériques · tarification : forfait · montant : 20\s000,00 €/,
    );
    expect(await line('CONV-GF')).toMatch(/plafond : 20\s000,00 €/);
    expect(await line('commune : Figeac (46102) → Asprières (12012)')).toContain('Bibliothèque');
    const all = (await lines()).join('\n');
    // No ISO date, no unformatted figure before a word, no column name, no code, no English.
    expect(all).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(all).not.toMatch(/\d{4,} [a-zé]/);
    expect(all).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    expect(all).not.toMatch(/\b(null|undefined|true|false|flat|status|create|update|delete|sha256)\b/);
    expect(all).not.toMatch(/[{}"]/);
    // A document by its name and size; its checksum is no reading for staff.
    expect(await line('document : — → convention-signee.pdf')).toContain('CC Grand-Figeac');
    expect(await line('taille du document')).toContain('taille du document : — → 3 Ko');
    expect(all).not.toMatch(/[0-9a-f]{12,}/);
    await saveScreenshot(app.page, 'journal.png', { fullPage: true });
  });

  it('has no serious accessibility finding with every kind of line on screen (axe-core, WCAG 2.1 AA)', async () => {
    expect(await seriousAxeFindings(app.page)).toEqual([]);
  });

  it('narrows to a period typed the French way, and says so when a typed day does not exist', async () => {
    const page = app.page;
    const from = page.getByRole('textbox', { name: 'Du', exact: true });
    const to = page.getByRole('textbox', { name: 'Au', exact: true });
    const all = (await lines()).length;
    const [year, month, day] = today().split('-');
    const [nextYear, nextMonth, nextDay] = today(new Date(Date.now() + 86_400_000)).split('-');
    await to.fill(`${day}/${month}/${year}`);
    await to.blur();
    await expect.poll(async () => (await lines()).length).toBe(all);
    await from.fill(`${nextDay}/${nextMonth}/${nextYear}`);
    await from.blur();
    await page.getByText('Aucune modification enregistrée.').waitFor();
    await from.fill('31/02/2027');
    await from.blur();
    await page.getByText('Date invalide : le 31/02/2027 n’existe pas.').waitFor();
    await saveScreenshot(page, 'journal-periode.png');
    // A wrong bound filters nothing: every line is back.
    await expect.poll(async () => (await lines()).length).toBe(all);
    await from.fill('');
    await to.fill('');
    await to.blur();
    expect(await page.getByText(/n’existe pas/).count()).toBe(0);
  });

  it('shows a library’s duplicate decisions in its own journal, without linking to itself', async () => {
    await app.page.getByRole('link', { name: 'Médiathèque de Cahors' }).first().click();
    await app.page.getByRole('heading', { name: 'Médiathèque de Cahors' }).waitFor();
    const trail = app.page.getByRole('table', { name: 'Journal des modifications' });
    await expect.poll(() => trail.innerText()).toContain('Doublon : même personne');
    expect(await trail.getByRole('link', { name: 'Médiathèque de Cahors' }).count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
