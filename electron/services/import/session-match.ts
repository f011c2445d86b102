import type { DuplicateFinder } from './duplicates.ts';
import { compareWithStored, type StoredPatron } from './patron-row.ts';
import { unreadableRow } from './read/normalize.ts';
import { none, type RowState } from './session-rows.ts';

/**
 * One analysis's matching of normalised rows, in file order: against the file itself (a card's first line
 * wins), against the library's stored patrons by card (created, updated, unchanged), and a new card
 * against the people already known (duplicates.ts).
 */
export class RowMatcher {
  /**
   * Every card the file names, on any row, with the line of its first accepted row (0 while none): a patron
   * whose row is rejected or excluded is still listed by the library, so a full import must not mark them
   * as gone because one of their cells is wrong. One map, one lookup per row.
   */
  private readonly cards = new Map<string, number>();

  constructor(
    private readonly stored: Map<string, StoredPatron>,
    private readonly duplicates: DuplicateFinder,
  ) {}

  /** Sets the row's outcome, rejections, changes and possible duplicate from its normalised values. */
  match(row: RowState) {
    // A row the reader could not split cleanly (an unclosed quote, extra cells) is imported only once fixed.
    row.rejections = row.normalized.rejections;
    if (row.error && !row.fixes) row.rejections = [unreadableRow(row.error), ...row.rejections];
    row.changed = none;
    row.existing = null;
    row.duplicate = null;
    const card = row.normalized.values.cardNumber;
    const first = card ? this.cards.get(card) : undefined;
    const accepted = Boolean(card) && !row.excluded && row.rejections.length === 0;
    if (accepted && first) {
      row.rejections = [
        {
          field: 'cardNumber',
          code: 'duplicate_card_in_file',
          message: `N° de carte ${card} déjà présent ligne ${first} du fichier.`,
        },
      ];
    } else if (card && (accepted || first === undefined)) this.cards.set(card, accepted ? row.line : 0);
    if (row.excluded) {
      row.outcome = 'excluded';
      return;
    }
    if (row.rejections.length > 0 || !card) {
      row.outcome = 'rejected';
      return;
    }
    const existing = this.stored.get(card);
    if (existing) {
      row.existing = existing;
      // A row taken as this patron's values changes nothing, unless the patron is no longer registered. (Its
      // patron from an earlier reading of the library, before another connection committed, is compared.)
      row.changed =
        row.known === existing && existing.registered === 1
          ? none
          : compareWithStored(existing, row.normalized.values);
      row.outcome = row.changed.length > 0 ? 'updated' : 'unchanged';
    } else {
      row.outcome = 'created';
    }
    this.duplicates.addRow(row);
  }

  /** Whether any row of the file names this card. */
  namesCard(card: string): boolean {
    return this.cards.has(card);
  }
}
