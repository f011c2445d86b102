import type { ErrorPayload } from '../../../shared/errors.ts';

/** What the snapshot thread is started with: the file, and the snapshot's header as the pull read it. */
export interface SnapshotSetup {
  databasePath: string;
  version: number;
  /** Format 2's patron columns; null for format 1. */
  patronColumns: string[] | null;
}

/** One page: its lines as received (the thread reads them), whether it is the last, the pull's clock. */
export interface ToSnapshotWorker {
  lines: string[];
  last: boolean;
  now: string;
}

/** A page's outcome, in the order the pages were sent. */
export type FromSnapshotWorker =
  | { ok: true; rows: number }
  | { ok: false; replaced: true }
  | { ok: false; replaced?: undefined; error: ErrorPayload; cause?: Error };
