import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stagingDirFor } from '../../electron/services/import/staged-files.ts';
import { generatePatronFile } from '../bench/patron-file.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { type HostPage, openHostPage } from './host-page.setup.ts';
import { ImportWizardPage } from './import.page.ts';

/**
 * A 1.5-million-row export (about 160 MB) through the browser host: streamed to the host, never read into
 * the page; the page keeps answering keys while it is sent and read; « Annuler la lecture » stops it and
 * nothing is kept. The input latency is the time from a key's event to its handler, in the page.
 */
const dir = tempDir('mednum-big-import-');
const databasePath = path.join(dir, 'big.sqlite');
const bigFile = path.join(dir, 'lecteurs-bigfile.csv');
const rows = 1_500_000;
let app: HostPage;
let wizard: ImportWizardPage;

beforeAll(async () => {
  // A tenth of the rows generated, their lines written ten times: generating them all took 7 s.
  const tenth = generatePatronFile({ rows: rows / 10, prefix: 'BG', seed: 3, badShare: 0 }).bytes;
  const lines = tenth.subarray(tenth.indexOf('\r\n') + 2);
  fs.writeFileSync(bigFile, Buffer.concat([tenth, ...Array<Buffer>(9).fill(lines)]));
  app = await openHostPage(databasePath);
  wizard = new ImportWizardPage(app.page);
  await app.api.call('library.add', { name: 'Médiathèque de Figeac', commune: '46102', ils: 'other' });
}, 120_000);

afterAll(() => app?.close());

describe('a 160 MB export through the browser host', () => {
  it('is sent and read with the page answering, and « Annuler la lecture » stops it, keeping nothing', async () => {
    const { page } = app;
    await page.goto(`${app.host.origin}/#/imports/nouveau`);
    await wizard.chooseLibrary('Médiathèque de Figeac');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Choisir un fichier…' }).click(),
    ]);
    await chooser.setFiles(bigFile);
    await wizard
      .dropZone()
      .getByText(/Fichier choisi : lecteurs-bigfile\.csv \(1\d\d,\d Mo\)/)
      .waitFor();

    // Every key event's wait in the page, from its creation to its handler.
    await page.evaluate(() => {
      const waits: number[] = [];
      (window as unknown as { keyWaits: number[] }).keyWaits = waits;
      window.addEventListener('keydown', (event) => waits.push(performance.now() - event.timeStamp), true);
    });
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    const status = page.getByRole('status').filter({ hasText: 'Lecture de « lecteurs-bigfile.csv »' });
    await status.waitFor();

    // Keys pressed while the file is sent, then read: each answered at once.
    const seen = new Set<string>();
    const cancel = page.getByRole('button', { name: 'Annuler la lecture' });
    for (let i = 0; i < 600 && !seen.has('lignes'); i += 1) {
      await page.keyboard.press('Shift');
      const text = await status.innerText();
      if (text.includes('Envoi du fichier')) seen.add('envoi');
      if (/Lecture du fichier — [\d  ]+ \/ [\d  ]+ lignes|Analyse des lignes — /.test(text))
        seen.add('lignes');
      await page.waitForTimeout(50);
    }
    expect([...seen]).toEqual(['envoi', 'lignes']);
    await saveScreenshot(page, 'import-gros-fichier.png', { fullPage: true });
    const waits = await page.evaluate(() => (window as unknown as { keyWaits: number[] }).keyWaits);
    const sorted = [...waits].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)] as number;
    process.stdout.write(
      `big-import: ${sorted.length} keys while sent and read; input latency median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms\n`,
    );
    expect(sorted.length).toBeGreaterThan(5);
    expect(p95).toBeLessThan(100);

    await cancel.click();
    await status.waitFor({ state: 'detached' });
    // Stopped on purpose: no error to read, the file still chosen, nothing kept anywhere.
    expect(await page.getByText('L’opération n’a pas abouti').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Lire le fichier' }).isEnabled()).toBe(true);
    await expect.poll(() => fs.readdirSync(stagingDirFor(databasePath))).toEqual([]);
    expect((await app.api.call('import.list', {})).length).toBe(0);
    expect((await app.api.call('patron.count', {})).count).toBe(0);
    // The only console line: the browser noting the cancelled call's answer (409, CANCELLED).
    expect(app.errors).toEqual([
      'Failed to load resource: the server responded with a status of 409 (Conflict)',
    ]);
  }, 240_000);

  it('refuses a file over 200 MB as soon as it is chosen, in French, before sending it', async () => {
    const { page } = app;
    const tooBig = path.join(dir, 'trop-gros.csv');
    fs.writeFileSync(tooBig, '');
    fs.truncateSync(tooBig, 210 * 1024 * 1024);
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Choisir un fichier…' }).click(),
    ]);
    await chooser.setFiles(tooBig);
    const alert = page.getByRole('alert').filter({ hasText: 'Fichier trop volumineux' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Ce fichier fait 210,0 Mo : 200,0 Mo au plus. Découpez-le');
    expect(await page.getByRole('button', { name: 'Lire le fichier' }).isDisabled()).toBe(true);
    await saveScreenshot(page, 'import-fichier-trop-gros.png', { fullPage: true });
  });
});
