import type { Browser, Page } from 'playwright-core';
import type { Api } from '../../shared/api.ts';
import type { Output } from '../../shared/contract.ts';
import {
  hostApi,
  launchChromium,
  openApp,
  saveScreenshot,
  signAs,
  startAppHost,
} from '../helpers/browser.ts';
import { ImportWizardPage, windows1252 } from './import.page.ts';
import { LecteursPage } from './lecteurs.page.ts';

/**
 * What the patron import UI tests share (import-wizard.test.ts, imported-patrons.test.ts): the staff, two
 * libraries, their files, and Chromium on the browser host watched for errors and refused calls.
 */
export const staff = 'Marie Dupont';
export const year = new Date().getFullYear();

/**
 * Cahors' export as Excel writes it on a French Windows: Windows-1252, `;`, CRLF, dd/mm/yyyy. Line 5 has
 * an impossible birth date, line 6 repeats line 3's card, line 7 has an e-mail that is no address.
 */
export const cahorsCsv = windows1252(
  `${[
    'N° de carte;Nom;Prénom;Date de naissance;Courriel;Code postal;Ville;Date d’inscription;Date de fin d’abonnement;Catégorie',
    `46A0001;LAPÈZE;Émilie;12/03/1985;emilie.lapeze@orange.fr;46000;Cahors;05/01/${year - 1};05/01/${year + 2};Adulte`,
    `46A0002;Dupré;François;03/07/1962;f.dupre@free.fr;46100;Figeac;10/02/${year - 1};10/02/${year + 2};Senior`,
    `46A0003;Cœur;Anaïs;21/11/2012;;46090;Pradines;11/02/${year - 1};11/02/${year + 2};Enfant`,
    `46A0004;Martin;Jeanne;31/02/1990;jeanne.martin@orange.fr;46000;Cahors;12/02/${year - 1};12/02/${year + 2};Adulte`,
    `46A0002;Dupont;Paul;14/04/1977;paul.dupont@laposte.net;46000;Cahors;13/02/${year - 1};13/02/${year + 2};Adulte`,
    `46A0006;Bernard;Luc;30/09/1955;luc.bernard@@free;46300;Gourdon;14/02/${year - 1};14/02/${year + 2};Senior`,
  ].join('\r\n')}\r\n`,
);

/**
 * Figeac's Koha export: 2,500 patrons (UTF-8, `,`, ISO dates, names upper-cased), one of them François
 * Dupré, born the same day as Cahors' (a possible duplicate), three whose subscription ended years ago,
 * and ZYZOMYS Zoé, last in alphabetical order.
 */
export function figeacCsv(): Buffer {
  const lastNames = ['ARNAUD', 'BLANC', 'CHEVALIER', 'DELMAS', 'ESCANDE', 'FAURE', 'GINESTET', 'HUGON'];
  const firstNames = ['Alice', 'Bruno', 'Camille', 'Denis', 'Elsa', 'Fabien', 'Gaëlle', 'Hugo', 'Inès'];
  const pad = (n: number) => String(n).padStart(2, '0');
  const line = (card: string, last: string, first: string, birth: string, expiry: string) =>
    `${card},${last},${first},${birth},,46100,Figeac,${year - 1}-03-01,${expiry},ADULTE`;
  const rows = [
    'cardnumber,surname,firstname,dateofbirth,email,zipcode,city,dateenrolled,dateexpiry,categorycode',
  ];
  for (let i = 0; i < 2496; i += 1) {
    const last = `${lastNames[i % lastNames.length]}${i > 71 ? `-${Math.floor(i / 72)}` : ''}`;
    const birth = `${1940 + (i % 60)}-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}`;
    const expiry = i < 3 ? `${year - 3}-01-15` : `${year + 1}-03-01`;
    rows.push(
      line(`46F${String(i).padStart(5, '0')}`, last, firstNames[i % firstNames.length] ?? '', birth, expiry),
    );
  }
  rows.push(line('46F90001', 'DUPRE', 'François', '1962-07-03', `${year + 1}-03-01`));
  rows.push(line('46F90002', 'ZYZOMYS', 'Zoé', '1990-06-15', `${year + 1}-03-01`));
  rows.push(line('46F90003', 'MOREAU', 'Jean', '1971-05-20', `${year + 1}-03-01`));
  rows.push(line('46F90004', 'NOËL', 'Léa', '1999-12-25', `${year + 1}-03-01`));
  return Buffer.from(`${rows.join('\n')}\n`, 'utf8');
}

export interface ImportApp {
  host: Awaited<ReturnType<typeof startAppHost>>;
  browser: Browser;
  page: Page;
  /** The host's API with the page's session, for setting up data the test is not about. */
  api: Api;
  wizard: ImportWizardPage;
  lecteurs: LecteursPage;
  cahors: { name: string; id: string };
  figeac: { name: string; id: string };
  /** Page errors and console errors, which a file expects to stay empty. */
  errors: string[];
  /** `method CODE` of every API call the service refused, in order. */
  refusals: string[];
  /** What each `import.cancel` answered: true when an open import was dropped. */
  cancels: boolean[];
  /** Records the errors, refusals and cancels of a page (a second tab too). */
  watch(target: Page): void;
  shot(name: string, fullPage?: boolean): Promise<void>;
  /** Follows a link of the main navigation. */
  nav(label: string): Promise<void>;
  /** Imports a file through the API, as setup for the screens a file tests after the wizard. */
  importThroughApi(libraryId: string, fileName: string, bytes: Buffer): Promise<Output<'import.commit'>>;
  close(): Promise<void>;
}

/** A fresh database behind the browser host, the staff name set, Cahors' and Figeac's libraries added. */
export async function openImportApp(databasePath: string): Promise<ImportApp> {
  const errors: string[] = [];
  const refusals: string[] = [];
  const cancels: boolean[] = [];
  const cahors = { name: 'Médiathèque de Cahors', id: '' };
  const figeac = { name: 'Médiathèque de Figeac', id: '' };

  function watch(target: Page) {
    target.setDefaultTimeout(15_000);
    target.on('pageerror', (error) => errors.push(error.message));
    target.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Chromium logs every non-2xx answer of the API; they are checked through `refusals`.
      const refusal =
        message.text().startsWith('Failed to load resource') && message.location().url.includes('/api/');
      if (!refusal) errors.push(message.text());
    });
    target.on('response', async (response) => {
      if (response.url().endsWith('/api/import.cancel') && response.ok()) {
        const body = (await response.json()) as { value: { cancelled: boolean } };
        cancels.push(body.value.cancelled);
      }
      if (!response.url().includes('/api/') || response.ok()) return;
      const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
      const method = decodeURIComponent(new URL(response.url()).pathname.slice(5));
      refusals.push(`${method} ${body?.error?.code ?? `HTTP ${response.status()}`}`);
    });
  }

  const host = await startAppHost(databasePath);
  const browser = await launchChromium();
  // A context of its own, so a second tab can share the session cookie.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  watch(page);
  await openApp(page, host.url);
  const api = hostApi(page, host.origin);
  await signAs(page, api, staff);
  cahors.id = (await api.call('library.add', { name: cahors.name, commune: '46042', ils: 'orphee' })).id;
  figeac.id = (await api.call('library.add', { name: figeac.name, commune: '46102', ils: 'koha' })).id;

  return {
    host,
    browser,
    page,
    api,
    wizard: new ImportWizardPage(page),
    lecteurs: new LecteursPage(page),
    cahors,
    figeac,
    errors,
    refusals,
    cancels,
    watch,
    shot: (name, fullPage = true) => saveScreenshot(page, name, { fullPage }),
    nav: (label) =>
      page
        .getByRole('navigation', { name: 'Navigation principale' })
        .getByRole('link', { name: label, exact: true })
        .click(),
    async importThroughApi(libraryId, fileName, bytes) {
      const session = await api.call('import.open', {
        libraryId,
        fileName,
        content: bytes.toString('base64'),
      });
      return api.call('import.commit', { sessionId: session.sessionId });
    },
    async close() {
      await browser.close();
      await host.close();
    },
  };
}
