import type { Encoding } from './read/encoding.ts';
import type { PatronField } from './read/fields.ts';
import type { Mapping } from './read/mapping.ts';
import type { Counts, ImportMode, PreviewFilter, PreviewRow, Progress } from './session.ts';
import type { UndoResult } from './undo.ts';

/** What the main process asks an import worker, and what each request answers. */
export interface Requests {
  open: {
    args: {
      libraryId: string;
      fileName: string;
      bytes: Uint8Array;
      mode: ImportMode;
      encoding?: Encoding;
      sheet?: string;
      /** A saved profile: field → header name, resolved against this file's headers. */
      profile?: Partial<Record<PatronField, string>>;
    };
    result: SessionSummary;
  };
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
  /** The search entries of a committed batch's created patrons; answers how many were written. */
  indexSearch: { args: { batchId: string }; result: number };
  undo: { args: { batchId: string; actor: string; now: string }; result: UndoResult };
}
export type Op = keyof Requests;

export interface SessionSummary {
  fileName: string;
  fileSha256: string;
  format: 'csv' | 'xlsx';
  encoding: Encoding | null;
  delimiter: string | null;
  sheets: string[];
  sheet: string | null;
  headers: string[];
  sample: string[][];
  mapping: Mapping;
  mode: ImportMode;
  counts: Counts;
}

export interface WorkerSetup {
  databasePath: string;
  today: string;
}

export type FromWorker =
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: { code: string; message: string } }
  | { kind: 'progress'; progress: Progress };

export interface ToWorker {
  id: number;
  op: Op;
  args: unknown;
}
