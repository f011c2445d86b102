import type BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import type { Database, UsageImportTable } from '../schema.ts';
import { writeTransactionAsync } from '../transaction.ts';

/**
 * COUNTER usage figures (migration 14). Figures in force live in `usage_month`, one per platform, report
 * family, item, metric and month; an import replaces those of its platforms, family and months, keeping
 * them in `usage_replaced` for its undo.
 */

export interface UsageScope {
  platforms: readonly string[];
  reportKind: 'PR' | 'DR' | 'TR';
  firstMonth: string;
  lastMonth: string;
}

/** The imports whose figures an import of `scope` would replace, with the months concerned. */
export function replacedByScope(db: Kysely<Database>, scope: UsageScope) {
  return db
    .selectFrom('usage_month as m')
    .innerJoin('usage_import as i', 'i.id', 'm.batch_id')
    .select((eb) => [
      'i.id as batchId',
      'i.file_name as fileName',
      'i.committed_at as committedAt',
      'm.platform',
      eb.fn.min('m.month').as('firstMonth'),
      eb.fn.max('m.month').as('lastMonth'),
      eb.fn.countAll<number>().as('rows'),
    ])
    .where('m.platform', 'in', scope.platforms.length ? [...scope.platforms] : [''])
    .where('m.report_kind', '=', scope.reportKind)
    .where('m.month', '>=', scope.firstMonth)
    .where('m.month', '<=', scope.lastMonth)
    .groupBy(['i.id', 'm.platform'])
    .orderBy('i.committed_at')
    .execute();
}

/** A file with this content imported before and not undone. */
export function activeImportOfFile(db: Kysely<Database>, sha256: string) {
  return db
    .selectFrom('usage_import')
    .select(['id', 'file_name', 'committed_at'])
    .where('file_sha256', '=', sha256)
    .where('undone_at', 'is', null)
    .orderBy('committed_at', 'desc')
    .executeTakeFirst();
}

export interface UsageFigure {
  platform: string;
  item: string;
  metric: string;
  month: string;
  count: number;
}

type NewImport = Omit<UsageImportTable, 'replaced' | 'undone_at' | 'undone_by'>;

/**
 * Writes an import in one IMMEDIATE transaction: the batch, the figures it replaces moved aside, its
 * own figures. Waits for the write lock without blocking the event loop (db/transaction.ts).
 */
export function writeUsageImport(
  db: Kysely<Database>,
  sqlite: BetterSqlite3.Database,
  batch: NewImport,
  figures: readonly UsageFigure[],
): Promise<{ replaced: number }> {
  const platforms = JSON.parse(batch.platforms) as string[];
  return db.connection().execute(() =>
    writeTransactionAsync(sqlite, () => {
      sqlite
        .prepare(
          `INSERT INTO usage_import (id, file_name, file_sha256, release, report_id, report_kind, platforms,
             institution, first_month, last_month, rows, total, replaced, actor, committed_at)
           VALUES (@id, @file_name, @file_sha256, @release, @report_id, @report_kind, @platforms,
             @institution, @first_month, @last_month, @rows, @total, 0, @actor, @committed_at)`,
        )
        .run(batch);
      const scope = { kind: batch.report_kind, first: batch.first_month, last: batch.last_month };
      const keep = sqlite.prepare(
        `INSERT INTO usage_replaced (batch_id, prior_batch_id, platform, report_kind, item, metric, month, count)
         SELECT @batch, batch_id, platform, report_kind, item, metric, month, count FROM usage_month
         WHERE platform = @platform AND report_kind = @kind AND month BETWEEN @first AND @last`,
      );
      const remove = sqlite.prepare(
        `DELETE FROM usage_month WHERE platform = @platform AND report_kind = @kind AND month BETWEEN @first AND @last`,
      );
      let replaced = 0;
      for (const platform of platforms) {
        keep.run({ ...scope, platform, batch: batch.id });
        replaced += remove.run({ ...scope, platform }).changes;
      }
      const insert = sqlite.prepare(
        `INSERT INTO usage_month (platform, report_kind, item, metric, month, count, batch_id)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const f of figures)
        insert.run(f.platform, batch.report_kind, f.item, f.metric, f.month, f.count, batch.id);
      sqlite.prepare('UPDATE usage_import SET replaced = ? WHERE id = ?').run(replaced, batch.id);
      return { replaced };
    }),
  );
}

export type UsageUndo =
  | { outcome: 'undone'; removed: number; restored: number; fileName: string }
  | { outcome: 'not_found' }
  | { outcome: 'already_undone'; undoneAt: string }
  | { outcome: 'blocked'; by: { id: string; fileName: string; committedAt: string } };

/**
 * Undoes an import: its figures go, the ones it replaced come back. Refused while a later import that
 * replaced some of its figures is in force (that one is undone first), so what comes back is always
 * what was there just before.
 */
export function undoUsageImport(
  db: Kysely<Database>,
  sqlite: BetterSqlite3.Database,
  batchId: string,
  undo: { actor: string; at: string },
): Promise<UsageUndo> {
  return db.connection().execute(() =>
    writeTransactionAsync(sqlite, (): UsageUndo => {
      const batch = sqlite
        .prepare('SELECT file_name, undone_at FROM usage_import WHERE id = ?')
        .get(batchId) as { file_name: string; undone_at: string | null } | undefined;
      if (!batch) return { outcome: 'not_found' };
      if (batch.undone_at) return { outcome: 'already_undone', undoneAt: batch.undone_at };
      const later = sqlite
        .prepare(
          `SELECT i.id, i.file_name AS fileName, i.committed_at AS committedAt
           FROM usage_replaced r JOIN usage_import i ON i.id = r.batch_id
           WHERE r.prior_batch_id = ? AND i.undone_at IS NULL
           ORDER BY i.committed_at DESC LIMIT 1`,
        )
        .get(batchId) as { id: string; fileName: string; committedAt: string } | undefined;
      if (later) return { outcome: 'blocked', by: later };
      const removed = sqlite.prepare('DELETE FROM usage_month WHERE batch_id = ?').run(batchId).changes;
      const restored = sqlite
        .prepare(
          `INSERT INTO usage_month (platform, report_kind, item, metric, month, count, batch_id)
           SELECT platform, report_kind, item, metric, month, count, prior_batch_id
           FROM usage_replaced WHERE batch_id = ?`,
        )
        .run(batchId).changes;
      sqlite
        .prepare('UPDATE usage_import SET undone_at = ?, undone_by = ? WHERE id = ?')
        .run(undo.at, undo.actor, batchId);
      return { outcome: 'undone', removed, restored, fileName: batch.file_name };
    }),
  );
}

/** Every import, the latest first. */
export function listUsageImports(db: Kysely<Database>) {
  return db
    .selectFrom('usage_import')
    .selectAll()
    .orderBy('committed_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The figures in force of a year, summed per platform, report family, metric and month. */
export function usageTotalsOfYear(db: Kysely<Database>, year: number) {
  return db
    .selectFrom('usage_month')
    .select(['platform', 'report_kind as reportKind', 'metric', 'month', sql<number>`sum(count)`.as('count')])
    .where('month', '>=', `${year}-01`)
    .where('month', '<=', `${year}-12`)
    .groupBy(['platform', 'report_kind', 'metric', 'month'])
    .orderBy('platform')
    .orderBy('report_kind')
    .orderBy('metric')
    .orderBy('month')
    .execute();
}
