import { batchLibraryAndFile, findBatchReport } from '../../db/queries/import-batches.ts';
import { listBatches } from '../../db/queries/patrons.ts';
import { recordAudit } from '../../db/write.ts';
import type { Handlers } from '../../shared/contract.ts';
import { today } from '../../shared/domain/dates.ts';
import { AppError } from '../../shared/errors.ts';
import { resolveActor } from './actor.ts';
import type { AppContext } from './context.ts';
import { ImportWorker } from './import/client.ts';
import { unpackReport, writeReportCsv, writeReportXlsx } from './import/read/report.ts';

/**
 * Committed imports (batches): their history, the report of each, and undo. The open imports, from the
 * file to the commit, are import-handlers.ts's.
 */
export function importBatchHandlers(
  context: Pick<AppContext, 'database' | 'now' | 'version'>,
): Pick<Handlers, 'import.undo' | 'import.list' | 'import.report'> {
  const { db } = context.database;
  return {
    async 'import.undo'({ batchId, by }) {
      const actor = await resolveActor(db, by);
      // Undone in an import worker of its own, off the thread that answers the window.
      const worker = new ImportWorker({
        databasePath: context.database.path,
        today: today(context.now()),
        version: context.version,
      });
      try {
        const result = await worker.call('undo', { batchId, actor, now: context.now().toISOString() });
        const batch = await batchLibraryAndFile(db, batchId);
        await recordAudit(db, {
          actor,
          now: context.now(),
          library: batch?.library_id ?? null,
          entity: 'import_batch',
          entityId: batchId,
          event: {
            event: 'import_undone',
            file: batch?.file_name ?? null,
            removed: result.removed,
            restored: result.restored,
            kept: result.kept.length,
          },
        });
        return result;
      } finally {
        await worker.cancel();
      }
    },

    async 'import.list'({ libraryId }) {
      const rows = await listBatches(db, libraryId);
      return rows.map((b) => ({
        id: b.id,
        libraryId: b.library_id,
        libraryName: b.library_name,
        fileName: b.file_name,
        mode: b.mode,
        actor: b.actor,
        committedAt: b.committed_at,
        created: b.created,
        updated: b.updated,
        unchanged: b.unchanged,
        rejected: b.rejected,
        warnings: b.warnings,
        possibleDuplicates: b.possible_duplicates,
        unregistered: b.unregistered,
        undoneAt: b.undone_at,
        undoneBy: b.undone_by,
      }));
    },

    async 'import.report'({ batchId, format }) {
      const batch = await findBatchReport(db, batchId);
      if (!batch) throw new AppError('NOT_FOUND', 'Cet import n’existe pas.');
      const rows = unpackReport(batch.report);
      const bytes = format === 'csv' ? writeReportCsv(rows) : await writeReportXlsx(rows);
      const base = batch.file_name.replace(/\.[^.]+$/, '');
      return {
        fileName: `rapport-${base}.${format}`,
        content: Buffer.from(bytes).toString('base64'),
        rows: rows.length,
      };
    },
  };
}
