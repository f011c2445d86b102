import { findEpci, listEpci, listMembers } from '../../db/queries/epci.ts';
import { listReferenceImports } from '../../db/queries/reference.ts';
import type { Handlers } from '../../shared/contract.ts';
import { type EpciType, inForceYear } from '../../shared/domain/epci.ts';
import { AppError } from '../../shared/errors.ts';
import type { AppContext } from './context.ts';
import { appName } from './paths.ts';

/** The application, as one function per contract method. Doors call these through `dispatch`. */
export function createHandlers(context: AppContext): Handlers {
  const { db, path: databasePath, sqlite } = context.database;
  const { departement } = context;

  async function currentReference() {
    const [latest] = await listReferenceImports(db, departement);
    if (!latest) {
      throw new AppError(
        'REFERENCE_DATA_MISSING',
        `Aucune donnée de référence pour le département ${departement}.`,
      );
    }
    return latest;
  }

  return {
    async 'app.info'() {
      const imports = await listReferenceImports(db, departement);
      return {
        name: appName,
        version: context.version,
        departement,
        databasePath,
        schemaVersion: sqlite.pragma('user_version', { simple: true }) as number,
        referenceData: imports.map((row) => ({ ...row, inForceYear: inForceYear(row.millesime) })),
      };
    },

    async 'epci.list'() {
      const { millesime } = await currentReference();
      const rows = await listEpci(db, departement, millesime);
      return rows.map((row) => ({
        siren: row.siren,
        name: row.name,
        type: row.type as EpciType,
        communes: row.communes,
        millesime,
        population: { municipale: row.municipale, totale: row.totale },
      }));
    },

    async 'epci.get'({ siren }) {
      const { millesime, source } = await currentReference();
      const epci = await findEpci(db, siren);
      const members = epci ? await listMembers(db, siren, millesime) : [];
      if (!epci || members.length === 0) {
        throw new AppError('NOT_FOUND', `Aucune collectivité ne porte le SIREN ${siren}.`);
      }
      const sum = (basis: 'municipale' | 'totale') =>
        members.reduce((total, member) => total + member[basis], 0);
      return {
        siren: epci.siren,
        name: epci.name,
        type: epci.type as EpciType,
        communes: members.length,
        millesime,
        inForceYear: inForceYear(millesime),
        source,
        departement,
        population: { municipale: sum('municipale'), totale: sum('totale') },
        members: members.map((member) => ({
          insee: member.insee,
          name: member.name,
          departement: member.departement,
          inDepartement: member.departement === departement,
          population: { municipale: member.municipale, totale: member.totale },
        })),
      };
    },
  };
}
