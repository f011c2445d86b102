import type { ErrorPayload } from '../../../shared/errors.ts';
import type { Change } from '../../../shared/sync/protocol.ts';

/** What the snapshot thread is started with: the file, and the snapshot's header as the pull read it. */
export interface SnapshotSetup {
  databasePath: string;
  version: number;
  /** Format 2's patron columns; null for format 1. */
  patronColumns: string[] | null;
}

/** One page as the pull read it (snapshot-format.ts `PageReader`), whether it is the last, the pull's clock. */
export interface ToSnapshotWorker {
  page: SnapshotPage;
  last: boolean;
  now: string;
}

/** A page's lines, read and checked: what the snapshot thread binds, without parsing anything. */
export interface SnapshotPage {
  /** Lines in the page. */
  rows: number;
  /** Lines that are not format 2's patron values (other tables, format 1), in order… */
  changes: Change[];
  /** …and where each stands among the page's lines. */
  changeAt: number[];
  /** Format 2's patrons given as values, in order; null when the page has none. */
  patrons: PatronValues | null;
}

/** A value as SQLite stores it (a boolean as 0 or 1). */
export type SnapshotValue = string | number | null;

/**
 * Patrons as values ready to bind. A patron shares many values with the one before it (library, commune,
 * category, dates): those are not sent again, a patron's cells say which value is its, so the snapshot
 * thread receives one typed array (transferred, not copied) and a fraction of the strings.
 */
export interface PatronValues {
  ids: string[];
  versions: number[];
  /** Each patron's search-index text (patronSearchText). */
  search: string[];
  /** The values the cells point at. */
  values: SnapshotValue[];
  /** Patron r's value of the header's column c: `values[cells[r * columns + c]]`, columns = patronColumns. */
  cells: Uint32Array;
}

/** A page's outcome, in the order the pages were sent. */
export type FromSnapshotWorker =
  | { ok: true; rows: number }
  | { ok: false; replaced: true }
  | { ok: false; replaced?: undefined; error: ErrorPayload; cause?: Error };
