import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { attachAuditToLibrary } from '../../db/queries/audit.ts';
import { communeMembership, epciHasCommuneIn } from '../../db/queries/epci.ts';
import { libraryCodeTaken, selectLibraries } from '../../db/queries/libraries.ts';
import type { Database, LibraryTable } from '../../db/schema.ts';
import { insertRow, updateRow } from '../../db/write.ts';
import type { Handlers } from '../../shared/contract.ts';
import type { libraryFieldsSchema } from '../../shared/domain/library.ts';
import { AppError } from '../../shared/errors.ts';
import { searchKey } from '../../shared/text.ts';
import { resolveActor } from './actor.ts';
import type { AppContext } from './context.ts';
import { requireLibraryId, toLibrary } from './libraries.ts';
import { currentMillesime } from './reference.ts';

/** The contract's library fields as table columns; fields an update leaves out stay undefined. */
function toColumns(fields: Partial<z.output<typeof libraryFieldsSchema>>): Partial<LibraryTable> {
  return {
    name: fields.name,
    kind: fields.kind,
    commune_insee: fields.commune,
    ils: fields.ils,
    contact_name: fields.contactName,
    contact_email: fields.contactEmail,
    contact_phone: fields.contactPhone,
    participating: fields.participating === undefined ? undefined : fields.participating ? 1 : 0,
    participating_since: fields.participatingSince,
  };
}

type LibraryHandlers = Pick<Handlers, 'library.add' | 'library.update' | 'library.list' | 'library.get'>;

export function libraryHandlers(
  context: Pick<AppContext, 'database' | 'departement' | 'now'>,
): LibraryHandlers {
  const { db } = context.database;
  const { departement } = context;

  /** A library's commune must belong to one of the département's EPCI; its EPCI follows from it. */
  async function requireCommune(trx: Kysely<Database>, insee: string) {
    const millesime = await currentMillesime(trx, departement);
    const membership = await communeMembership(trx, insee, millesime);
    if (!membership || !(await epciHasCommuneIn(trx, membership.epci_siren, departement, millesime))) {
      throw new AppError(
        'COMMUNE_UNKNOWN',
        `La commune ${insee} n’appartient à aucun EPCI du département ${departement} : vérifiez son code INSEE.`,
      );
    }
    return membership;
  }

  /** "Médiathèque de Figeac" in Figeac → FIGEAC, then FIGEAC-2 for a second library there. */
  async function freeCode(trx: Kysely<Database>, communeName: string) {
    const base = searchKey(communeName).toUpperCase().replace(/ /g, '-').slice(0, 16) || 'BIB';
    for (let n = 1; ; n += 1) {
      const code = n === 1 ? base : `${base}-${n}`;
      if (!(await libraryCodeTaken(trx, code))) return code;
    }
  }

  async function getLibrary(trx: Kysely<Database>, id: string) {
    const row = await selectLibraries(trx, await currentMillesime(trx, departement))
      .where('l.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'Cette bibliothèque n’existe pas.');
    return toLibrary(row);
  }

  return {
    async 'library.add'({ code, by, ...fields }) {
      return db.transaction().execute(async (trx) => {
        const actor = await resolveActor(trx, by);
        const membership = await requireCommune(trx, fields.commune);
        if (code && (await libraryCodeTaken(trx, code))) {
          throw new AppError(
            'LIBRARY_CODE_TAKEN',
            `Le code ${code} est déjà celui d’une autre bibliothèque.`,
          );
        }
        const chosen = code ?? (await freeCode(trx, membership.name));
        const id = await insertRow(
          trx,
          'library',
          // Sound: an added library's fields are all present (the contract fills defaults).
          { code: chosen, ...toColumns(fields) } as Omit<LibraryTable, 'id' | 'created_at' | 'updated_at'>,
          { actor, now: context.now(), epci: membership.epci_siren, library: null },
        );
        // The audit row names the library it created once the id exists.
        await attachAuditToLibrary(trx, id);
        return { id, code: chosen, epci: membership.epci_siren };
      });
    },

    async 'library.update'({ id, by, ...fields }) {
      return db.transaction().execute(async (trx) => {
        const before = await getLibrary(trx, id);
        const actor = await resolveActor(trx, by);
        const epci = fields.commune ? (await requireCommune(trx, fields.commune)).epci_siren : before.epci;
        await updateRow(trx, 'library', id, toColumns(fields), {
          actor,
          now: context.now(),
          epci,
          library: id,
        });
        return getLibrary(trx, id);
      });
    },

    async 'library.list'({ epci }) {
      const rows = await selectLibraries(db, await currentMillesime(db, departement))
        .$if(epci !== undefined, (qb) => qb.where('m.epci_siren', '=', epci as string))
        .execute();
      return rows.map(toLibrary);
    },

    async 'library.get'({ id }) {
      return getLibrary(db, await requireLibraryId(db, id));
    },
  };
}
