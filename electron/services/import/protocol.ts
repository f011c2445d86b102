import type { z } from 'zod';
import type { sessionSummarySchema } from '../../../shared/domain/patron.ts';
import type { CommuneTable } from './communes.ts';
import type { Encoding } from './read/encoding.ts';
import type { PatronField } from './read/fields.ts';
import type { Mapping } from './read/mapping.ts';
import type { Counts, ImportMode, PreviewFilter, PreviewRow, Progress } from './session-rows.ts';
import type { UndoResult } from './undo.ts';

/** What the main process asks an import worker, and what each request answers. */
export interface Requests {
  open: {
    args: {
      libraryId: string;
      fileName: string;
      /** The file's bytes, or where the worker reads them (a staged file: nothing copied through messages). */
      source: { bytes: Uint8Array } | { path: string };
      mode: ImportMode;
      encoding?: Encoding;
      sheet?: string;
      /** A saved profile: field → header name, resolved against this file's headers. */
      profile?: Partial<Record<PatronField, string>>;
    };
    result: SessionSummary;
  };
  /**
   * The librarian picked the library, the file comes next: the worker kept ready reads that library's
   * stored patrons now, so that opening the file does not wait for them.
   */
  prepare: { args: { libraryId: string }; result: null };
  configure: {
    args: { mapping?: Mapping; encoding?: Encoding; sheet?: string; mode?: ImportMode };
    result: SessionSummary;
  };
  preview: {
    args: { outcome?: PreviewFilter; offset: number; limit: number };
    result: { counts: Counts; total: number; rows: PreviewRow[] };
  };
  fixCell: {
    args: { line: number; field: PatronField; value: string };
    result: { row: PreviewRow; counts: Counts };
  };
  exclude: { args: { lines: number[]; excluded: boolean }; result: { counts: Counts } };
  commit: {
    /** `gate`: the pre-commit backup's (see pre-commit-backup.ts); the COMMIT waits for it. */
    args: { actor: string; now: string; gate?: SharedArrayBuffer };
    result: { batchId: string; counts: Counts };
  };
  /** After a commit: the batch's pages copied from the WAL into the file, off the main thread. */
  checkpoint: { args: Record<string, never>; result: null };
  undo: { args: { batchId: string; actor: string; now: string }; result: UndoResult };
  /** The whole file rewritten without its free pages (after a purge): seconds, off the main thread. */
  rewriteFile: { args: Record<string, never>; result: null };
}
export type Op = keyof Requests;

/** What the worker says of an open file; the door adds the session id and the profile used. */
export type SessionSummary = Omit<z.infer<typeof sessionSummarySchema>, 'sessionId' | 'profile'>;

export interface WorkerSetup {
  databasePath: string;
  today: string;
  /** The application's version: a new release may read rows differently (line-fingerprint.ts). */
  version: string;
  /** France's communes as an earlier worker of this process read them (communes.ts `communeTable`). */
  communes?: CommuneTable;
}

export type FromWorker =
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: { code: string; message: string }; cause?: Error }
  | { kind: 'progress'; progress: Progress }
  /** The communes this worker read, for the next workers of the process. */
  | { kind: 'communes'; table: CommuneTable };

export interface ToWorker {
  id: number;
  op: Op;
  args: unknown;
}
