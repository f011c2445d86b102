import { sql } from 'kysely';
import { countPatrons, expiredBefore, searchCap, searchPatrons } from '../../db/queries/patrons.ts';
import { queuePatronChangeSetIn } from '../../db/queries/sync-patron-upload.ts';
import { recordAudit } from '../../db/write.ts';
import type { Handlers } from '../../shared/contract.ts';
import { today } from '../../shared/domain/dates.ts';
import type { Patron } from '../../shared/domain/patron.ts';
import { AppError } from '../../shared/errors.ts';
import { searchKey } from '../../shared/text.ts';
import { resolveActor } from './actor.ts';
import type { AppContext } from './context.ts';
import { currentMillesime } from './reference.ts';

type PatronHandlers = Pick<
  Handlers,
  'patron.search' | 'patron.count' | 'patron.resolveDuplicate' | 'patron.purgePreview' | 'patron.purge'
>;

type Row = Awaited<ReturnType<ReturnType<typeof searchPatrons>['rows']['execute']>>[number];

function toPatron(row: Row): Patron {
  return {
    id: row.id,
    libraryId: row.library_id,
    libraryName: row.library_name,
    epci: row.epci_siren,
    cardNumber: row.card_number,
    lastName: row.last_name,
    firstName: row.first_name,
    birthDate: row.birth_date,
    birthYear: row.birth_year,
    email: row.email,
    postalCode: row.postal_code,
    communeName: row.commune_name,
    registeredOn: row.registered_on,
    expiresOn: row.expires_on,
    category: row.category,
    registered: row.registered === 1,
    duplicateOf: row.duplicate_of,
    duplicateStatus: row.duplicate_status,
  };
}

/** "12 months before today": the retention rule's cutoff, as a calendar date. */
function cutoffDate(todayIso: string, months: number): string {
  const [year, month, day] = todayIso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.toISOString().slice(0, 10);
}

export function patronHandlers(context: AppContext): PatronHandlers {
  const { db } = context.database;

  async function query(input: Parameters<Handlers['patron.search']>[0] & { ids?: string[] }) {
    await context.searchIndexing.settled();
    const words = searchKey(input.text).split(' ').filter(Boolean);
    return searchPatrons(db, { ...input, words, millesime: await currentMillesime(db, context.departement) });
  }

  return {
    async 'patron.search'(input) {
      const { rows, total, capped } = await query(input);
      const [found, count] = await Promise.all([rows.execute(), total.executeTakeFirstOrThrow()]);
      return {
        total: capped ? Math.min(count.n, searchCap) : count.n,
        more: capped && count.n > searchCap,
        patrons: found.map(toPatron),
      };
    },

    async 'patron.count'({ libraryId }) {
      return countPatrons(db, libraryId);
    },

    async 'patron.resolveDuplicate'({ id, decision, by }) {
      const actor = await resolveActor(db, by);
      const patron = await db
        .selectFrom('patron')
        .select(['id', 'duplicate_of'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!patron?.duplicate_of)
        throw new AppError('NOT_FOUND', 'Ce lecteur n’est pas signalé comme doublon possible.');
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('patron')
          .set({ duplicate_status: decision, updated_at: context.now().toISOString() })
          .where('id', '=', id)
          .execute();
        await queuePatronChangeSetIn(trx, { kind: 'duplicates', changed: [id], deleted: [] });
        await recordAudit(trx, {
          actor,
          now: context.now(),
          entity: 'patron',
          entityId: id,
          after:
            decision === 'confirmed'
              ? 'doublon confirmé (même personne)'
              : 'doublon écarté (personnes différentes)',
        });
      });
      const { rows } = await query({ text: '', status: 'all', duplicates: false, offset: 0, limit: 1 });
      const row = await rows.where('p.id', '=', id).executeTakeFirstOrThrow();
      return toPatron(row);
    },

    async 'patron.purgePreview'({ months, today: asOf }) {
      const cutoff = cutoffDate(asOf ?? today(context.now()), months);
      const { n } = await expiredBefore(db, cutoff)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const ids = await expiredBefore(db, cutoff).select('id').orderBy('expires_on').limit(20).execute();
      const { rows } = await query({ text: '', status: 'all', duplicates: false, offset: 0, limit: 20 });
      const sample = ids.length
        ? await rows
            .where(
              'p.id',
              'in',
              ids.map((r) => r.id),
            )
            .execute()
        : [];
      return { cutoff, count: n, sample: sample.map(toPatron) };
    },

    /** The retention rule: patrons whose registration ended before the cutoff leave the registry for good. */
    async 'patron.purge'({ months, today: asOf, by }) {
      const actor = await resolveActor(db, by);
      const cutoff = cutoffDate(asOf ?? today(context.now()), months);
      const purged = await db.transaction().execute(async (trx) => {
        const doomed = expiredBefore(trx, cutoff).select('id');
        await sql`DELETE FROM patron_search WHERE rowid IN (SELECT num FROM patron WHERE expires_on < ${cutoff})`.execute(
          trx,
        );
        // Prior values kept for undo are personal data too: they go with the patron.
        await trx.deleteFrom('import_change').where('patron_id', 'in', doomed).execute();
        // Import reports name the rows they rejected: those of imports older than the cutoff go too.
        await trx
          .updateTable('import_batch')
          .set({ report: '[]' })
          .where('committed_at', '<', cutoff)
          .execute();
        const unflagged = await trx
          .updateTable('patron')
          .set({ duplicate_of: null, duplicate_status: null })
          .where('duplicate_of', 'in', doomed)
          .returning('id')
          .execute();
        // The central service and the other PCs delete them too (their ids are gone after this).
        const deleted = await expiredBefore(trx, cutoff).select('id').execute();
        if (deleted.length)
          await queuePatronChangeSetIn(trx, {
            kind: 'purge',
            changed: unflagged.map((row) => row.id),
            deleted: deleted.map((row) => row.id),
          });
        const result = await trx.deleteFrom('patron').where('expires_on', '<', cutoff).executeTakeFirst();
        const count = Number(result.numDeletedRows);
        await recordAudit(trx, {
          actor,
          now: context.now(),
          entity: 'patron',
          entityId: `purge-${cutoff}`,
          after: `${count} lecteurs supprimés (fin d’inscription avant le ${cutoff}, règle de conservation de ${months} mois)`,
        });
        return count;
      });
      return { cutoff, purged };
    },
  };
}
