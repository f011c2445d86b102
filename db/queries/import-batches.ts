import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** An import batch's file name and its packed report (import/read/report.ts), if the batch exists. */
export function findBatchReport(db: Kysely<Database>, batchId: string) {
  return db
    .selectFrom('import_batch')
    .select(['file_name', 'report'])
    .where('id', '=', batchId)
    .executeTakeFirst();
}

/** The library an import batch came from and its file's name, if the batch exists. */
export function batchLibraryAndFile(db: Kysely<Database>, batchId: string) {
  return db
    .selectFrom('import_batch')
    .select(['library_id', 'file_name'])
    .where('id', '=', batchId)
    .executeTakeFirst();
}
