import { findConvention, listAllConventions, listConventions } from '../../db/queries/conventions.ts';
import { listEpci } from '../../db/queries/epci.ts';
import type { Handlers } from '../../shared/contract.ts';
import { AppError } from '../../shared/errors.ts';
import type { AppContext } from './context.ts';
import { toConvention } from './conventions.ts';
import { requireEpci } from './epci-handlers.ts';
import { currentMillesime } from './reference.ts';

type ConventionListHandlers = Pick<Handlers, 'convention.list' | 'convention.get'>;

/** The stored conventions, read: of one EPCI or of the whole département (`mednum convention list|show`). */
export function conventionListHandlers(
  context: Pick<AppContext, 'database' | 'departement' | 'documentsDir'>,
): ConventionListHandlers {
  const { db } = context.database;
  const { departement, documentsDir } = context;

  async function epciNames(): Promise<Map<string, string>> {
    const list = await listEpci(db, departement, await currentMillesime(db, departement));
    return new Map(list.map((e) => [e.siren, e.name]));
  }

  return {
    async 'convention.list'({ epci }) {
      if (epci) await requireEpci(db, departement, epci);
      const names = await epciNames();
      const rows = epci ? await listConventions(db, epci) : await listAllConventions(db);
      const listed = [];
      for (const row of rows) {
        const name = names.get(row.epci_siren);
        // Another département's conventions (a shared base) are not this one's business.
        if (name === undefined) continue;
        listed.push({ ...(await toConvention(db, row, departement, documentsDir)), epciName: name });
      }
      return listed.sort(
        (a, b) => a.epciName.localeCompare(b.epciName, 'fr') || a.start.localeCompare(b.start),
      );
    },

    async 'convention.get'({ id }) {
      const row = await findConvention(db, id);
      const name = row && (await epciNames()).get(row.epci_siren);
      if (!row || name === undefined)
        throw new AppError('NOT_FOUND', `Aucune convention ne porte l’identifiant ${id}.`);
      return { ...(await toConvention(db, row, departement, documentsDir)), epciName: name };
    },
  };
}
