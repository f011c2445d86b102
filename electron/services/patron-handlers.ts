import {
  countPatrons,
  decideDuplicate,
  type PatronRow,
  patronLibraryId,
  patronRows,
  possibleDuplicateOf,
  searchPatrons,
} from '../../db/queries/patrons.ts';
import { queuePatronChangeSetIn } from '../../db/queries/sync-patron-upload.ts';
import { recordAudit } from '../../db/write.ts';
import type { Handlers } from '../../shared/contract.ts';
import type { Patron } from '../../shared/domain/patron.ts';
import { AppError } from '../../shared/errors.ts';
import { searchKey } from '../../shared/text.ts';
import { resolveActor } from './actor.ts';
import type { AppContext } from './context.ts';
import { currentMillesime } from './reference.ts';

type PatronHandlers = Pick<Handlers, 'patron.search' | 'patron.count' | 'patron.resolveDuplicate'>;

function toPatron(row: PatronRow): Patron {
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

/** Patrons as the screens show them, by id (the retention preview's sample). */
export async function patronsByIds(
  context: Pick<AppContext, 'database' | 'departement'>,
  ids: string[],
): Promise<Patron[]> {
  if (ids.length === 0) return [];
  const { db } = context.database;
  const rows = patronRows(db, await currentMillesime(db, context.departement));
  return (await rows.where('p.id', 'in', ids).orderBy('p.name_key').execute()).map(toPatron);
}

export function patronHandlers(
  context: Pick<AppContext, 'database' | 'departement' | 'now'>,
): PatronHandlers {
  const { db } = context.database;

  return {
    async 'patron.search'(input) {
      const words = searchKey(input.text).split(' ').filter(Boolean);
      const millesime = await currentMillesime(db, context.departement);
      const { total, more, rows } = await searchPatrons(db, { ...input, words, millesime });
      return { total, more, patrons: rows.map(toPatron) };
    },

    async 'patron.count'({ libraryId }) {
      return countPatrons(db, libraryId);
    },

    async 'patron.resolveDuplicate'({ id, decision, by }) {
      const actor = await resolveActor(db, by);
      if (!(await possibleDuplicateOf(db, id)))
        throw new AppError('NOT_FOUND', 'Ce lecteur n’est pas signalé comme doublon possible.');
      await db.transaction().execute(async (trx) => {
        await decideDuplicate(trx, id, decision, context.now());
        await queuePatronChangeSetIn(trx, { kind: 'duplicates', changed: [id], deleted: [] });
        await recordAudit(trx, {
          actor,
          now: context.now(),
          // Filed under the patron's library, so its page shows the decision too.
          library: await patronLibraryId(trx, id),
          entity: 'patron',
          entityId: id,
          event: { event: 'duplicate_decided', decision },
        });
      });
      return (await patronsByIds(context, [id]))[0] as Patron;
    },
  };
}
