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
  private readonly firstLineOfCard = new Map<string, number>();
  /**
   * Every card the file names, on any row: a patron whose row is rejected or excluded is still listed by
   * the library, so a full import must not mark them as gone because one of their cells is wrong.
   */
  readonly cardsInFile = new Set<string>();

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
    if (card) this.cardsInFile.add(card);
    if (row.excluded) {
      row.outcome = 'excluded';
      return;
    }
    if (card && row.rejections.length === 0) {
      const first = this.firstLineOfCard.get(card);
      if (first === undefined) this.firstLineOfCard.set(card, row.line);
      else {
        row.rejections = [
          {
            field: 'cardNumber',
            code: 'duplicate_card_in_file',
            message: `N° de carte ${card} déjà présent ligne ${first} du fichier.`,
          },
        ];
      }
    }
    if (row.rejections.length > 0 || !card) {
      row.outcome = 'rejected';
      return;
    }
    const existing = this.stored.get(card);
    if (existing) {
      row.existing = existing;
      row.changed = compareWithStored(existing, row.normalized.values);
      row.outcome = row.changed.length > 0 ? 'updated' : 'unchanged';
    } else {
      row.outcome = 'created';
    }
    this.duplicates.addRow(row);
  }
}
