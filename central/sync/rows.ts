import type { LogTransaction } from './log.ts';
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

export async function readRow(trx: LogTransaction, table: string, rowId: string): Promise<StoredRow | null> {
  const row = await trx
    .selectFrom('sync_row')
    .selectAll()
    .where('table_name', '=', table)
    .where('row_id', '=', rowId)
    .executeTakeFirst();
  if (!row) return null;
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

/** Inserts or replaces a row at `version` (the row store keeps only each row's latest state). */
export async function writeRow(trx: LogTransaction, row: StoredRow): Promise<void> {
  const values = {
    table_name: row.table,
    row_id: row.rowId,
    version: row.version,
    deleted: row.deleted,
    data: JSON.stringify(row.data),
    field_versions: JSON.stringify(row.fieldVersions),
    field_authors: JSON.stringify(row.fieldAuthors),
    updated_by: row.updatedBy,
    updated_at: row.updatedAt,
  };
  await trx
    .insertInto('sync_row')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['table_name', 'row_id']).doUpdateSet({
        version: values.version,
        deleted: values.deleted,
        data: values.data,
        field_versions: values.field_versions,
        field_authors: values.field_authors,
        updated_by: values.updated_by,
        updated_at: values.updated_at,
      }),
    )
    .execute();
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
