import type { Locator, Page } from 'playwright-core';

/** Characters of Windows-1252 outside Latin-1's one-byte range (the 0x80–0x9F block). */
const cp1252: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  '„': 0x84,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '–': 0x96,
  '—': 0x97,
  Œ: 0x8c,
  œ: 0x9c,
  Ÿ: 0x9f,
};

/** Text → Windows-1252 bytes, as Excel saves a "CSV (séparateur : point-virgule)" on a French Windows. */
export function windows1252(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const code = cp1252[ch] ?? ch.charCodeAt(0);
      if (code > 0xff) throw new Error(`Caractère absent de Windows-1252 : ${ch}`);
      return code;
    }),
  );
}

/** The import wizard, step by step, by labels and roles. */
export class ImportWizardPage {
  constructor(readonly page: Page) {}

  /** A step of the stepper, to check which one is current. */
  step(label: string): Locator {
    return this.page.getByRole('button', { name: new RegExp(`^${label}`) });
  }

  async chooseLibrary(name: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Bibliothèque', exact: true }).click();
    await this.page.getByRole('option', { name }).click();
  }

  dropZone(): Locator {
    return this.page.getByRole('region', { name: 'Fichier des lecteurs' });
  }

  /** Drops a file on the drop zone, as from the file explorer. */
  async dropFile(name: string, bytes: Buffer): Promise<void> {
    const transfer = await this.page.evaluateHandle(
      ({ fileName, base64 }) => {
        const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([data], fileName, { type: 'text/csv' }));
        return dt;
      },
      { fileName: name, base64: bytes.toString('base64') },
    );
    await this.dropZone().dispatchEvent('drop', { dataTransfer: transfer });
  }

  async pickFile(name: string, bytes: Buffer): Promise<void> {
    const [chooser] = await Promise.all([
      this.page.waitForEvent('filechooser'),
      this.page.getByRole('button', { name: 'Choisir un fichier…' }).click(),
    ]);
    await chooser.setFiles({ name, mimeType: 'text/csv', buffer: bytes });
  }

  /** The column chosen for a patron field ("B · Nom"), or "— ne pas importer —". */
  column(field: string): Locator {
    return this.page.getByRole('textbox', { name: field, exact: true });
  }

  /** « Abandonner l’import », confirmed in the dialog that asks first. */
  async abandon(): Promise<void> {
    await this.page.getByRole('button', { name: 'Abandonner l’import' }).click();
    await this.confirmLeaving();
    await this.dropZone().getByText('Aucun fichier choisi.').waitFor();
  }

  /** Leaving an import read and not saved asks first: « Abandonner l’import » in that dialog. */
  async confirmLeaving(): Promise<void> {
    await this.page
      .getByRole('dialog', { name: 'Abandonner cet import ?' })
      .getByRole('button', { name: 'Abandonner l’import' })
      .click();
  }

  async choose(label: string, option: string): Promise<void> {
    await this.page.getByRole('textbox', { name: label, exact: true }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  sample(): Locator {
    return this.page.getByRole('table', { name: 'Début du fichier' });
  }

  tab(label: string): Locator {
    return this.page.getByRole('tab', { name: new RegExp(`^${label}`) });
  }

  /** The count on an outcome's tab. */
  async count(label: string): Promise<number> {
    const text = await this.tab(label).innerText();
    return Number(text.replace(label, '').replace(/\D/g, ''));
  }

  rows(): Locator {
    return this.page.getByRole('table', { name: 'Aperçu des lignes' }).locator('tbody tr');
  }

  row(line: number): Locator {
    return this.rows().filter({
      has: this.page.getByRole('checkbox', { name: `Ligne ${line}`, exact: true }),
    });
  }

  /** The inline editor of a rejected row's cell. */
  fix(field: string, line: number): Locator {
    return this.page.getByRole('textbox', { name: `${field}, ligne ${line}` });
  }

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** The one-by-one review of the preview's possible duplicates. */
  duplicateReview(): Locator {
    return this.page.getByRole('dialog', { name: 'Doublons possibles du fichier' });
  }

  /** The review's side-by-side table: the file's row, and who it resembles. */
  comparison(): Locator {
    return this.duplicateReview().getByRole('table', { name: 'Comparaison des deux fiches' });
  }
}
