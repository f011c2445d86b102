import {
  compactSearchIndex,
  deletePatrons,
  emptyReportsBefore,
  forgetTraces,
  liveCards,
  purgeable,
  replaceReport,
  reportsOfLibraries,
} from '../../db/queries/purge.ts';
import { readSetting, writeSetting } from '../../db/queries/settings.ts';
import { queuePatronChangeSetIn } from '../../db/queries/sync-patron-upload.ts';
import { recordAudit } from '../../db/write.ts';
import type { Handlers } from '../../shared/contract.ts';
import { today } from '../../shared/domain/dates.ts';
import { cutoffDate, parseRetention, type Retention, retentionKey } from '../../shared/domain/retention.ts';
import { resolveActor } from './actor.ts';
import { removeBackupsBefore, takeBackup } from './backup/backups.ts';
import type { AppContext } from './context.ts';
import { ImportWorker } from './import/client.ts';
import { nameKey } from './import/read/name-key.ts';
import { packReport, type ReportRow, unpackReport } from './import/read/report.ts';
import { patronsByIds } from './patron-handlers.ts';

type RetentionHandlers = Pick<
  Handlers,
  'patron.purgePreview' | 'patron.purge' | 'retention.get' | 'retention.update'
>;

/** The rule in force on this PC (settings), the default until staff choose. */
export async function readRetention(
  context: Pick<AppContext, 'database' | 'departement' | 'now'>,
): Promise<Retention> {
  return parseRetention(await readSetting(context.database.db, retentionKey));
}

/**
 * The RGPD retention rule, applied so that it really forgets. A purge removes, in one transaction, the
 * patrons the rule names, their search entries, the prior values kept for undo, their rows in every stored
 * import report (and the whole reports of imports older than the cutoff), and queues their deletion for
 * the central service. Then the search index is merged and the file rewritten without its free pages
 * (VACUUM, WAL emptied) — no page keeps their names — and every backup taken before is replaced by one
 * taken after.
 */
export function retentionHandlers(
  context: Pick<AppContext, 'database' | 'departement' | 'now' | 'version'>,
): RetentionHandlers {
  const { db } = context.database;

  async function ruleFor(months: number | undefined, asOf: string | undefined) {
    const stored = await readRetention(context);
    const rule = { ...stored, months: months ?? stored.months };
    return { rule, cutoff: cutoffDate(asOf ?? today(context.now()), rule.months) };
  }

  /**
   * Every stored report row naming a purged person of its library goes (its reasons, which may quote their
   * e-mail, with it): by card number, or — a rejected row may have no card, or a malformed one — by name,
   * unless its card is a patron's still kept.
   */
  async function scrubReports(
    trx: typeof db,
    doomed: { library_id: string; card_number: string; name_key: string }[],
  ): Promise<void> {
    const people = new Map<string, { cards: Set<string>; names: Set<string> }>();
    for (const p of doomed) {
      const known = people.get(p.library_id) ?? { cards: new Set(), names: new Set() };
      known.cards.add(p.card_number);
      known.names.add(p.name_key);
      people.set(p.library_id, known);
    }
    for (const batch of await reportsOfLibraries(trx, [...people.keys()])) {
      const { cards, names } = people.get(batch.library_id) as { cards: Set<string>; names: Set<string> };
      const rows = unpackReport(batch.report);
      const byCard = (row: ReportRow) => row.cardNumber !== null && cards.has(row.cardNumber);
      const byName = rows.filter((row) => !byCard(row) && names.has(nameKey(row.lastName, row.firstName)));
      const kept = await liveCards(
        trx,
        batch.library_id,
        byName.flatMap((row) => (row.cardNumber === null ? [] : [row.cardNumber])),
      );
      const named = new Set(byName.filter((row) => row.cardNumber === null || !kept.has(row.cardNumber)));
      const left = rows.filter((row) => !byCard(row) && !named.has(row));
      if (left.length !== rows.length) await replaceReport(trx, batch.id, packReport(left));
    }
  }

  return {
    async 'retention.get'() {
      return readRetention(context);
    },

    async 'retention.update'(rule) {
      await writeSetting(db, retentionKey, JSON.stringify(rule));
      return rule;
    },

    async 'patron.purgePreview'({ months, today: asOf }) {
      const { rule, cutoff } = await ruleFor(months, asOf);
      const { n } = await purgeable(db, cutoff, rule.noExpiry)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const first = await purgeable(db, cutoff, rule.noExpiry)
        .select('id')
        .orderBy('expires_on')
        .limit(20)
        .execute();
      return {
        cutoff,
        count: n,
        sample: await patronsByIds(
          context,
          first.map((row) => row.id),
        ),
      };
    },

    async 'patron.purge'({ months, today: asOf, by }) {
      const actor = await resolveActor(db, by);
      const { rule, cutoff } = await ruleFor(months, asOf);
      const purged = await db.transaction().execute(async (trx) => {
        await emptyReportsBefore(trx, cutoff);
        const doomed = await purgeable(trx, cutoff, rule.noExpiry)
          .select(['id', 'num', 'library_id', 'card_number', 'name_key'])
          .execute();
        if (doomed.length === 0) return 0;
        const changed = await forgetTraces(trx, doomed);
        await scrubReports(trx, doomed);
        // The central service and the other PCs delete them too (their ids are gone after this).
        await queuePatronChangeSetIn(trx, { kind: 'purge', changed, deleted: doomed.map((p) => p.id) });
        await deletePatrons(
          trx,
          doomed.map((p) => p.id),
        );
        await recordAudit(trx, {
          actor,
          now: context.now(),
          entity: 'patron',
          entityId: `purge-${cutoff}`,
          event: { event: 'purge', purged: doomed.length, cutoff, months: rule.months },
        });
        return doomed.length;
      });
      if (purged === 0) return { cutoff, purged, backupsRemoved: 0 };
      await db.transaction().execute((trx) => compactSearchIndex(trx));
      // In a worker thread: the VACUUM takes seconds on a large base, and the door must keep answering.
      const worker = new ImportWorker({
        databasePath: context.database.path,
        today: today(context.now()),
        version: context.version,
      });
      try {
        await worker.call('rewriteFile', {});
      } finally {
        await worker.cancel();
      }
      // The backups taken so far hold the people just removed: one taken now replaces them.
      const now = context.now();
      const fresh = await takeBackup(context.database.path, 'apres-purge', now);
      const backupsRemoved = removeBackupsBefore(
        context.database.path,
        new Date(Date.parse(fresh.at)),
        fresh.id,
      );
      return { cutoff, purged, backupsRemoved: backupsRemoved.length };
    },
  };
}
