import { createHash } from 'node:crypto';
import fs from 'node:fs';
import {
  activeImportOfFile,
  listUsageImports,
  replacedByScope,
  undoUsageImport,
  usageTotalsOfYear,
  writeUsageImport,
} from '../../db/queries/usage.ts';
import { recordAudit } from '../../db/write.ts';
import type { Handlers, Input } from '../../shared/contract.ts';
import { formatDateFr } from '../../shared/domain/dates.ts';
import { type ReportKind, reportKinds } from '../../shared/domain/usage/metrics.ts';
import { monthSpanFr } from '../../shared/domain/usage/months.ts';
import { parseUsageReport, totalsByMetricAndMonth } from '../../shared/domain/usage/parse.ts';
import type { ParsedUsageReport } from '../../shared/domain/usage/report.ts';
import type { UsagePreview } from '../../shared/domain/usage/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { formatBytesFr } from '../../shared/format.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { resolveActor } from './actor.ts';
import type { AppContext } from './context.ts';
import { decodeText, detectEncoding } from './import/read/encoding.ts';

type UsageHandlers = Pick<
  Handlers,
  'usage.preview' | 'usage.commit' | 'usage.undo' | 'usage.list' | 'usage.totals'
>;

/**
 * A usage report is read whole on the core's thread (JSON cannot be streamed into rows cheaply): a title
 * report of a big platform is a few MB; beyond this, the file is not a usage report of one library.
 */
const maxUsageBytes = 64 * 1024 * 1024;

type FileInput = Pick<Input<'usage.preview'>, 'fileName' | 'content' | 'fileId' | 'platform'>;

/** Vendors' COUNTER usage reports: imported, previewed, undone, listed, summed per year. */
export function usageHandlers(context: Pick<AppContext, 'database' | 'now' | 'stagedFiles'>): UsageHandlers {
  const { db, sqlite } = context.database;

  function readBytes({ content, fileId }: FileInput): Buffer {
    if (content !== undefined) return Buffer.from(content, 'base64');
    const staged = context.stagedFiles.resolve(fileId as string);
    if (staged.size > maxUsageBytes)
      throw new AppError(
        'FILE_TOO_LARGE',
        `Ce fichier fait ${formatBytesFr(staged.size)} : un rapport d’usage en fait ${formatBytesFr(maxUsageBytes)} au plus.`,
      );
    try {
      return fs.readFileSync(staged.path);
    } catch {
      throw new AppError('FILE_UNREADABLE', 'Le fichier n’est plus disponible : choisissez-le de nouveau.');
    }
  }

  /** The file read and checked: its fingerprint, and the report in it. */
  function read(input: FileInput): { sha256: string; report: ParsedUsageReport } {
    const bytes = readBytes(input);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // COUNTER files are UTF-8; a tabular report re-saved by a spreadsheet may come back in UTF-16 or Windows-1252.
    const text = decodeText(bytes, detectEncoding(bytes));
    return { sha256, report: parseUsageReport(text, { platform: input.platform }) };
  }

  async function preview(input: FileInput): Promise<UsagePreview> {
    const { sha256, report } = read(input);
    const { header } = report;
    const [replaced, earlier] = await Promise.all([
      replacedByScope(db, {
        platforms: report.platforms,
        reportKind: header.reportKind,
        firstMonth: header.firstMonth,
        lastMonth: header.lastMonth,
      }),
      activeImportOfFile(db, sha256),
    ]);
    return {
      fileName: input.fileName,
      sha256,
      format: report.format,
      release: header.release,
      reportId: header.reportId,
      reportKind: header.reportKind,
      reportName: header.reportName,
      institution: header.institution,
      created: header.created,
      firstMonth: header.firstMonth,
      lastMonth: header.lastMonth,
      period: monthSpanFr(header.firstMonth, header.lastMonth),
      platforms: report.platforms,
      exceptions: header.exceptions,
      noUsage: header.noUsage,
      rows: report.rows.length,
      total: report.rows.reduce((sum, row) => sum + row.count, 0),
      totals: totalsByMetricAndMonth(report.rows),
      problems: report.problems,
      importable: report.problems.length === 0,
      replaces: replaced.map((r) => ({
        batchId: r.batchId,
        fileName: r.fileName,
        committedAt: r.committedAt,
        platform: r.platform,
        firstMonth: r.firstMonth,
        lastMonth: r.lastMonth,
        rows: Number(r.rows),
        message: `remplace les chiffres de ${monthSpanFr(r.firstMonth, r.lastMonth)} de ${r.platform} importés le ${formatDateFr(r.committedAt)} (${r.fileName})`,
      })),
      alreadyImported: earlier
        ? { batchId: earlier.id, fileName: earlier.file_name, committedAt: earlier.committed_at }
        : null,
    };
  }

  return {
    async 'usage.preview'(input) {
      return preview(input);
    },

    async 'usage.commit'({ sha256: previewed, by, ...input }) {
      const actor = await resolveActor(db, by);
      const { sha256, report } = read(input);
      if (sha256 !== previewed)
        throw new AppError(
          'USAGE_FILE_CHANGED',
          'Le fichier a changé depuis son aperçu : rien n’a été importé. Affichez de nouveau l’aperçu avant d’importer.',
        );
      if (report.problems.length > 0) {
        const listed = report.problems
          .slice(0, 5)
          .map((p) => (p.line === null ? p.message : `ligne ${p.line} : ${p.message}`));
        throw new AppError(
          'USAGE_FILE_INVALID',
          `Ce rapport n’est pas importé (${report.problems.length} problème${report.problems.length > 1 ? 's' : ''}) : ${listed.join(' ; ')}${report.problems.length > 5 ? ' ; …' : ''}`,
        );
      }
      const { header } = report;
      const id = uuidv7(context.now().getTime());
      const total = report.rows.reduce((sum, row) => sum + row.count, 0);
      const { replaced } = await writeUsageImport(
        db,
        sqlite,
        {
          id,
          file_name: input.fileName,
          file_sha256: sha256,
          release: header.release,
          report_id: header.reportId,
          report_kind: header.reportKind,
          platforms: JSON.stringify(report.platforms),
          institution: header.institution,
          first_month: header.firstMonth,
          last_month: header.lastMonth,
          rows: report.rows.length,
          total,
          actor,
          committed_at: context.now().toISOString(),
        },
        report.rows,
      );
      // A journal line, as patron imports have (written after the figures, as theirs is after the batch).
      await recordAudit(db, {
        actor,
        now: context.now(),
        entity: 'usage_import',
        entityId: id,
        event: {
          event: 'usage_import',
          file: input.fileName,
          report: header.reportId,
          platforms: report.platforms,
          firstMonth: header.firstMonth,
          lastMonth: header.lastMonth,
          rows: report.rows.length,
          replaced,
        },
      });
      // The upload is the app's copy: once imported it goes (a chosen file is only forgotten).
      if (input.fileId !== undefined) context.stagedFiles.release(input.fileId);
      return { batchId: id, rows: report.rows.length, total, replaced };
    },

    async 'usage.undo'({ batchId, by }) {
      const actor = await resolveActor(db, by);
      const result = await undoUsageImport(db, sqlite, batchId, { actor, at: context.now().toISOString() });
      switch (result.outcome) {
        case 'not_found':
          throw new AppError('NOT_FOUND', 'Cet import de rapport d’usage n’existe pas.');
        case 'already_undone':
          throw new AppError(
            'ALREADY_UNDONE',
            `Cet import a déjà été annulé le ${formatDateFr(result.undoneAt)}.`,
          );
        case 'blocked':
          throw new AppError(
            'USAGE_UNDO_BLOCKED',
            `Une partie de ces chiffres a été remplacée par l’import du ${formatDateFr(result.by.committedAt)} (${result.by.fileName}) : annulez d’abord celui-ci.`,
          );
        default:
          await recordAudit(db, {
            actor,
            now: context.now(),
            entity: 'usage_import',
            entityId: batchId,
            event: {
              event: 'usage_import_undone',
              file: result.fileName,
              removed: result.removed,
              restored: result.restored,
            },
          });
          return { batchId, removed: result.removed, restored: result.restored };
      }
    },

    async 'usage.list'() {
      const rows = await listUsageImports(db);
      return rows.map((b) => ({
        id: b.id,
        fileName: b.file_name,
        release: b.release,
        reportId: b.report_id,
        reportKind: b.report_kind,
        platforms: JSON.parse(b.platforms) as string[],
        institution: b.institution,
        firstMonth: b.first_month,
        lastMonth: b.last_month,
        rows: b.rows,
        total: b.total,
        replaced: b.replaced,
        actor: b.actor,
        committedAt: b.committed_at,
        undoneAt: b.undone_at,
        undoneBy: b.undone_by,
      }));
    },

    async 'usage.totals'({ year }) {
      const byReport = (await usageTotalsOfYear(db, year)).map((r) => ({ ...r, count: Number(r.count) }));
      return { year, byReport, byPlatform: onePerPlatform(byReport) };
    },
  };
}

/** Per platform, metric and month, the figure of the first report family that has one: PR, DR, then TR. */
function onePerPlatform(
  rows: readonly { platform: string; reportKind: ReportKind; metric: string; month: string; count: number }[],
) {
  const chosen = new Map<
    string,
    { platform: string; metric: string; month: string; count: number; source: ReportKind }
  >();
  const rank = (kind: ReportKind) => reportKinds.indexOf(kind);
  for (const row of rows) {
    const key = `${row.platform}\u0000${row.metric}\u0000${row.month}`;
    const current = chosen.get(key);
    if (!current || rank(row.reportKind) < rank(current.source))
      chosen.set(key, {
        platform: row.platform,
        metric: row.metric,
        month: row.month,
        count: row.count,
        source: row.reportKind,
      });
  }
  return [...chosen.values()];
}
