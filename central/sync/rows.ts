import type { Selectable } from 'kysely';
import type { SyncRowTable } from '../store/schema.ts';
import type { Row } from './tables.ts';

export interface StoredRow {
  table: string;
  rowId: string;
  version: number;
  deleted: boolean;
  data: Row;
  fieldVersions: Record<string, number>;
  /** Absent fields: the row's last writer (rows written before migration 5, patrons). */
  fieldAuthors: Record<string, FieldAuthor>;
  updatedBy: string;
  updatedAt: Date;
}

/** A sync_row as the database returns it → the stored row. */
export function toStoredRow(row: Selectable<SyncRowTable>): StoredRow {
  return {
    table: row.table_name,
    rowId: row.row_id,
    version: Number(row.version),
    deleted: row.deleted,
    data: row.data as Row,
    fieldVersions: row.field_versions as Record<string, number>,
    fieldAuthors: (row.field_authors ?? {}) as Record<string, FieldAuthor>,
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at),
  };
}

export interface FieldAuthor {
  by: string;
  at: string;
  /** The desktop that wrote it: its own later mutations are never stale on this field. */
  client?: string;
}

/** The fields just written, signed by `by` at `at` (server time). */
export function authored(
  fields: string[],
  by: string,
  at: Date,
  client?: string,
): Record<string, FieldAuthor> {
  return Object.fromEntries(fields.map((field) => [field, { by, at: at.toISOString(), client }]));
}

/** Every field a row holds gets `version` (a creation, or a row restored whole). */
export function allFieldsAt(data: Row, version: number): Record<string, number> {
  return Object.fromEntries(Object.keys(data).map((name) => [name, version]));
}
