import type { Locator, Page } from 'playwright-core';

/** Digits of a French-formatted figure ("36 924" with narrow no-break spaces → 36924). */
export function figure(text: string): number {
  return Number(text.replace(/\D/g, ''));
}

/** One EPCI's screen: its status and moves, tabs, and the forms they open. */
export class EpciDetailPage {
  constructor(readonly page: Page) {}

  status(): Locator {
    return this.page.getByTitle('Statut actuel');
  }

  moves(): Locator {
    return this.page.getByRole('group', { name: 'Changer le statut' }).getByRole('button');
  }

  /** The labels of the offered moves, without their decorative arrows. */
  async offeredMoves(): Promise<string[]> {
    const texts = await this.moves().allInnerTexts();
    return texts.map((text) => text.replace(/[→↩]/g, '').trim());
  }

  move(label: string): Locator {
    return this.page
      .getByRole('group', { name: 'Changer le statut' })
      .getByRole('button', { name: label, exact: true });
  }

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** Clicks a move, writes the note, confirms; the dialog stays open if the move is refused. */
  async requestMove(label: string, note = ''): Promise<void> {
    await this.move(label).click();
    if (note) await this.dialog().getByLabel('Note (facultative)').fill(note);
    await this.dialog().getByRole('button', { name: 'Confirmer le changement' }).click();
  }

  async moveTo(label: string, note = ''): Promise<void> {
    await this.requestMove(label, note);
    await this.dialog().waitFor({ state: 'detached' });
    await this.page.getByTitle('Statut actuel').filter({ hasText: label }).waitFor();
  }

  tab(name: RegExp): Locator {
    return this.page.getByRole('tab', { name });
  }

  /** "dont 36 924 dans le département 46" under the population municipale. */
  async populationInDepartement(): Promise<number> {
    const text = await this.page.getByRole('region', { name: 'Population municipale' }).innerText();
    const match = /dont ([\d\s\u202f\u00a0]+) dans le département/.exec(text);
    if (!match?.[1]) throw new Error(`Population du département introuvable dans : ${text}`);
    return figure(match[1]);
  }

  /** Picks an option of a Mantine Select inside the open dialog. */
  async choose(label: string, option: string): Promise<void> {
    await this.dialog().getByRole('textbox', { name: label }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  conventionsTable(): Locator {
    return this.page.getByRole('table', { name: /^Conventions de/ });
  }
}
