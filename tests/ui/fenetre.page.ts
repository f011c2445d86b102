import fs from 'node:fs';
import type { Page } from 'playwright-core';

/** The window as a whole: files dropped anywhere on it, and Réglages › Diagnostic. */
export class FenetrePage {
  constructor(readonly page: Page) {}

  /** Drops a real file's bytes on the page body, as Explorer does when a file is dragged onto the window. */
  async dropFile(file: string, name: string): Promise<void> {
    const bytes = [...fs.readFileSync(file)];
    const dataTransfer = await this.page.evaluateHandle(
      ({ bytes, name }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], name, { type: 'text/csv' }));
        return transfer;
      },
      { bytes, name },
    );
    await this.page.dispatchEvent('main', 'dragover', { dataTransfer });
    await this.page.dispatchEvent('main', 'drop', { dataTransfer });
  }

  chosenFile() {
    return this.page.getByText(/^Fichier choisi :/);
  }

  exportDiagnostic() {
    return this.page.getByRole('button', { name: 'Exporter un diagnostic' });
  }

  diagnosticStatus() {
    return this.page.getByRole('status').filter({ hasText: 'Diagnostic écrit' });
  }
}
