import type BetterSqlite3 from 'better-sqlite3';
import { prepareImportStatements } from '../../../db/queries/import-statements.ts';
import { writeTransaction } from '../../../db/transaction.ts';
import { uuidv7 } from '../../../shared/ids.ts';
import { type PatronColumn, type StoredPatron, searchText, toRecord } from './patron-row.ts';
import type { PatronValues } from './read/normalize.ts';

/** An analysed row of the file, as the batch writes it. */
export interface BatchRow {
  outcome: string;
  normalized: { values: PatronValues };
  nameKey: string;
  fingerprint: number | null;
  /**
   * Whom a created row may duplicate: a stored patron, or an earlier row of the file — whose patron, when
   * the batch creates it too, gets its id here, before the later row is written.
   */
  duplicate: { patron: { id: string } | null; row: BatchRow | null } | null;
  /** The stored patron an `updated` row changes, and the columns that change. */
  existing: StoredPatron | null;
  changed: readonly PatronColumn[];
}

/** A committed import as `import_batch` records it, with the rows it writes. */
export interface Batch {
  id: string;
  libraryId: string;
  fileName: string;
  fileSha256: string;
  mode: string;
  actor: string;
  /** The batch's time, every row it writes carries it. */
  at: string;
  counts: {
    created: number;
    updated: number;
    unchanged: number;
    rejected: number;
    warnings: number;
    possibleDuplicates: number;
    unregistered: number;
  };
  /** The packed report of rejected and warned rows (read/report.ts). */
  report: string;
  rows: readonly BatchRow[];
  /** The library's patrons a full import marks as no longer registered. */
  unregistered: readonly { id: string }[];
}

const progressEvery = 2000;

/**
 * Writes an import batch in one transaction: the `import_batch` row, created rows, updated rows (their
 * prior values kept in `import_change` for undo), and in `full` mode the patrons absent from the file
 * marked as no longer registered, and every created or updated row's search entry: the batch is searchable
 * the moment it is committed (in the same transaction, FTS5 buffers the entries and writes its segments
 * once at the COMMIT, which costs less than a second transaction re-reading the rows).
 */
export function writeBatch(
  db: BetterSqlite3.Database,
  batch: Batch,
  options: {
    onProgress?: (done: number, total: number) => void;
    /** Runs last inside the transaction: it may wait, or throw to roll everything back. */
    beforeCommit?: () => void;
  },
): void {
  const { id: batchId, at, counts } = batch;
  // New patrons' ids are born at the batch's time.
  const time = Date.parse(at);
  const statements = prepareImportStatements(db);
  const total = counts.created + counts.updated + counts.unregistered;
  let done = 0;
  const tick = () => {
    done += 1;
    if (done % progressEvery === 0) options.onProgress?.(done, total);
  };

  // The ids of the created rows a later row of the file may duplicate (few: kept only for those).
  const idOfRow = new Map<BatchRow, string>();
  for (const row of batch.rows) {
    const earlier = row.duplicate?.row;
    if (earlier && !row.duplicate?.patron) idOfRow.set(earlier, '');
  }
  writeTransaction(db, () => {
    statements.insertBatch.run({
      id: batchId,
      library_id: batch.libraryId,
      file_name: batch.fileName,
      file_sha256: batch.fileSha256,
      mode: batch.mode,
      actor: batch.actor,
      committed_at: at,
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      rejected: counts.rejected,
      warnings: counts.warnings,
      possible_duplicates: counts.possibleDuplicates,
      unregistered: counts.unregistered,
      report: batch.report,
      created_at: at,
      updated_at: at,
    });
    for (const row of batch.rows) {
      if (row.outcome === 'created') {
        const v = row.normalized.values;
        const card = v.cardNumber as string;
        const id = uuidv7(time);
        if (idOfRow.has(row)) idOfRow.set(row, id);
        const duplicateOf = duplicateIdOf(row, idOfRow);
        // Positional parameters: no object per row, which 100,000-row files notice.
        const { lastInsertRowid } = statements.insertPatron.run(
          id,
          batch.libraryId,
          card,
          v.lastName,
          v.firstName,
          v.birthDate,
          v.birthYear,
          v.email,
          v.postalCode,
          v.communeInsee,
          v.communeName,
          v.registeredOn,
          v.expiresOn,
          v.category,
          row.nameKey,
          duplicateOf,
          duplicateOf ? 'possible' : null,
          batchId,
          at,
          at,
          row.fingerprint,
        );
        statements.indexPatron.run(lastInsertRowid, searchText(card, v.lastName, v.firstName, v.email));
        tick();
      } else if (row.outcome === 'updated' && row.existing) {
        const v = row.normalized.values;
        const record = toRecord(v);
        const prior = Object.fromEntries(
          row.changed.map((column) => [column, row.existing?.[column] ?? null]),
        );
        const renamed = row.changed.includes('last_name') || row.changed.includes('first_name');
        statements
          .updatePatron(row.changed, renamed)
          .run(
            ...row.changed.map((column) => record[column]),
            ...(renamed ? [row.nameKey] : []),
            row.fingerprint,
            at,
            row.existing.num,
          );
        // Most updates are a renewal (an end date, a category): the indexed text stays, and rewriting its
        // trigrams cost a contentless FTS5 a tombstone and a new entry each.
        if (row.changed.some((column) => indexedColumns.has(column))) {
          statements.unindexPatron.run(row.existing.num);
          statements.indexPatron.run(
            row.existing.num,
            searchText(row.existing.card_number, v.lastName, v.firstName, v.email),
          );
        }
        statements.insertChange.run(batchId, row.existing.id, 'update', JSON.stringify(prior), at);
        tick();
      } else if (
        row.outcome === 'unchanged' &&
        row.existing &&
        row.fingerprint !== row.existing.import_fingerprint
      ) {
        // Once per library after a new release or another export's layout; none at the next re-import.
        statements.setFingerprint.run(row.fingerprint, row.existing.num);
      }
    }
    for (const patron of batch.unregistered) {
      statements.unregister.run(at, patron.id);
      statements.insertChange.run(batchId, patron.id, 'unregister', JSON.stringify({ registered: 1 }), at);
      tick();
    }
    options.beforeCommit?.();
  });
  options.onProgress?.(total, total);
}

/** The stored columns `searchText` reads (the card number never changes on an update). */
const indexedColumns: ReadonlySet<PatronColumn> = new Set(['last_name', 'first_name', 'email']);

/** The patron a created row may duplicate: stored, or created earlier in this batch (the file comes in order). */
function duplicateIdOf(row: BatchRow, idOfRow: Map<BatchRow, string>): string | null {
  const duplicate = row.duplicate;
  if (!duplicate) return null;
  if (duplicate.patron) return duplicate.patron.id;
  return (duplicate.row && idOfRow.get(duplicate.row)) || null;
}
