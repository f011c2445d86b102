import type { z } from 'zod';
import type {
  countsSchema,
  importModeSchema,
  outcomes,
  previewFilterSchema,
  previewRowSchema,
  progressSchema,
} from '../../../shared/domain/patron.ts';
import { type PatronColumn, type StoredPatron, toRecord } from './patron-row.ts';
import type { PatronField } from './read/fields.ts';
import type { Mapping } from './read/mapping.ts';
import type { Issue, NormalizedRow } from './read/normalize.ts';
import { type Resemblance, shownResemblance } from './resemblance.ts';

/**
 * The rows of an import session as they are kept (RowState) and shown (PreviewRow): the state one file line
 * carries through analysis, preview and commit, and the pure helpers around it.
 */

// The contract's schemas give these types: one definition for the worker, the services and the UI.
export type ImportMode = z.infer<typeof importModeSchema>;
export type Outcome = (typeof outcomes)[number];
export type PreviewFilter = z.infer<typeof previewFilterSchema>;
export type Progress = z.infer<typeof progressSchema>;
export type Counts = z.infer<typeof countsSchema>;
export type PreviewRow = Omit<z.infer<typeof previewRowSchema>, 'changed'> & {
  /** The stored columns the file changes (updates only). */
  changed: PatronColumn[];
};
export type PreviewChange = PreviewRow['changes'][number];

export interface RowState {
  line: number;
  /**
   * The cells as read, kept only for a workbook's row and a row read with an error; null for a CSV row,
   * split again from `start`–`end` when needed (read/table.ts `shape`): a million cell strings kept for
   * the session's life, promoted to the old generation, were a fifth of a 100,000-row re-import's peak.
   */
  cells: string[] | null;
  /** The row's range in the CSV's decoded text; -1 for a workbook's row, which keeps its cells. */
  start: number;
  end: number;
  error: string | undefined;
  /** Cells the user fixed in the preview; absent for the (many) rows nobody touched. */
  fixes: Partial<Record<PatronField, string>> | undefined;
  excluded: boolean;
  normalized: NormalizedRow;
  outcome: Outcome;
  rejections: readonly Issue[];
  changed: PatronColumn[];
  existing: StoredPatron | null;
  /** Whom a new row may duplicate (see resemblance.ts); null for the other rows. */
  duplicate: Resemblance<RowState> | null;
  /** Folded last|first names, computed when the row is normalised and stored with it. */
  nameKey: string;
  /** What the patron keeps of this row (line-fingerprint.ts); null for a row that is not plain. */
  fingerprint: number | null;
  /** The stored patron whose values the row was taken as (line-fingerprint.ts); null once normalised. */
  known: StoredPatron | null;
}

/** One shared empty list for the many rows that have nothing to list (100,000 rows, 100,000 arrays). */
export const none: never[] = [];

/** `cells`: the row's cells as read (RowState `cells`, or split again). */
export function previewRowOf(mapping: Mapping, row: RowState, read: readonly string[]): PreviewRow {
  const cells: Partial<Record<PatronField, string>> = {};
  for (const [field, index] of Object.entries(mapping) as [PatronField, number][]) {
    cells[field] = row.fixes?.[field] ?? read[index] ?? '';
  }
  return {
    line: row.line,
    outcome: row.outcome,
    values: row.normalized.values,
    cells,
    // Copies: a row's issues may be shared with other rows (see normalize.ts).
    rejections: [...row.rejections],
    warnings: [...row.normalized.warnings],
    notes: [...row.normalized.notes],
    changed: row.changed,
    changes: changesOf(row),
    possibleDuplicateOf: row.duplicate?.patron?.id ?? null,
    duplicate: row.duplicate && shownResemblance(row.duplicate),
  };
}

/** Each column an update changes, with the value stored and the file's (old → new in the preview). */
function changesOf(row: RowState): PreviewChange[] {
  const { existing } = row;
  if (!existing || row.changed.length === 0) return none;
  const incoming = toRecord(row.normalized.values);
  return row.changed.map((column) => ({
    column,
    before: existing[column] ?? null,
    after: incoming[column] ?? null,
  }));
}

export function unregisteredRow(patron: StoredPatron): PreviewRow {
  return {
    line: 0,
    outcome: 'unregistered',
    values: {
      ...emptyValues(),
      cardNumber: patron.card_number,
      lastName: patron.last_name as string,
      firstName: patron.first_name as string | null,
      email: patron.email as string | null,
      expiresOn: patron.expires_on as string | null,
    },
    cells: {},
    rejections: [],
    warnings: [],
    notes: [],
    changed: none,
    changes: none,
    possibleDuplicateOf: null,
    duplicate: null,
  };
}

export function withFixes(
  cells: readonly string[],
  fixes: Partial<Record<PatronField, string>> | undefined,
  mapping: Mapping,
): readonly string[] {
  if (!fixes) return cells;
  const entries = Object.entries(fixes) as [PatronField, string][];
  const copy = [...cells];
  for (const [field, value] of entries) {
    const index = mapping[field];
    if (index !== undefined) copy[index] = value;
  }
  return copy;
}

export function emptyValues(): NormalizedRow['values'] {
  return {
    cardNumber: null,
    lastName: null,
    firstName: null,
    birthDate: null,
    birthYear: null,
    email: null,
    postalCode: null,
    communeInsee: null,
    communeName: null,
    registeredOn: null,
    expiresOn: null,
    category: null,
  };
}
