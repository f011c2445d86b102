import {
  copyGeography,
  geographyCommunes,
  recordReferenceImport,
  writePopulation,
} from '../../db/queries/millesimes.ts';
import { listGeographies, listVintages } from '../../db/queries/reference.ts';
import { recordAudit } from '../../db/write.ts';
import type { Handlers } from '../../shared/contract.ts';
import { inForceYear } from '../../shared/domain/epci.ts';
import { AppError } from '../../shared/errors.ts';
import { resolveActor } from './actor.ts';
import type { AppContext } from './context.ts';
import { sha256Of } from './conventions.ts';
import { readPopulationFile } from './population-file.ts';

type MillesimeHandlers = Pick<Handlers, 'millesime.list' | 'millesime.import'>;

export function millesimeHandlers(
  context: Pick<AppContext, 'database' | 'departement' | 'now'>,
): MillesimeHandlers {
  const { db } = context.database;
  const { departement } = context;

  return {
    async 'millesime.list'() {
      const [vintages, geographies] = await Promise.all([listVintages(db), listGeographies(db)]);
      const years = [...new Set(vintages.map((v) => v.millesime))];
      return years.map((millesime) => ({
        millesime,
        inForceYear: inForceYear(millesime),
        bases: vintages
          .filter((v) => v.millesime === millesime)
          .map((v) => ({ basis: v.basis, source: v.source, communes: v.communes })),
        geography: geographies.includes(millesime),
      }));
    },

    /**
     * Legal (or DGF) populations of a new millésime. Figures attach to the communes of the app's
     * geography; a vintage without its own geography borrows the newest one, so conventions that froze
     * an older vintage keep their own communes and figures. One transaction: all or nothing.
     */
    async 'millesime.import'({ fileName, content, year, kind, by }) {
      const bytes = Buffer.from(content, 'base64');
      const file = await readPopulationFile(fileName, bytes, kind);
      const source = `${kind === 'dgf' ? 'DGF' : 'INSEE'} ${fileName} (sha256 ${sha256Of(bytes).slice(0, 12)})`;
      const bases = kind === 'dgf' ? (['dgf'] as const) : (['municipale', 'totale'] as const);

      return db.transaction().execute(async (trx) => {
        const actor = await resolveActor(trx, by);
        const geographies = await listGeographies(trx);
        const newest = geographies[0];
        if (newest === undefined)
          throw new AppError('REFERENCE_DATA_MISSING', 'Aucune géographie de référence chargée.');
        if (!geographies.includes(year)) await copyGeography(trx, newest, year);
        const communes = await geographyCommunes(trx, year);
        const known = new Set(communes.map((c) => c.insee));

        const seen = new Set<string>();
        let ignored = 0;
        for (const row of file.rows) {
          if (!known.has(row.insee)) {
            ignored += 1;
            continue;
          }
          seen.add(row.insee);
          for (const basis of bases) {
            const population = row[basis];
            if (population !== undefined)
              await writePopulation(trx, { insee: row.insee, millesime: year, basis, population, source });
          }
        }
        if (seen.size === 0) {
          throw new AppError(
            'FILE_UNREADABLE',
            `« ${fileName} » ne contient aucune commune des EPCI du département ${departement} : rien n’a été importé.`,
          );
        }
        const at = context.now();
        await recordReferenceImport(trx, { source, millesime: year, departement, kind, at });
        await recordAudit(trx, {
          actor,
          now: at,
          entity: 'reference_import',
          entityId: String(year),
          event: { event: 'population_import', kind, millesime: year, file: fileName, communes: seen.size },
        });
        return {
          millesime: year,
          kind,
          source,
          bases: [...bases],
          communes: seen.size,
          ignored,
          missing: communes.filter((c) => !seen.has(c.insee)).map((c) => ({ insee: c.insee, name: c.name })),
          rejected: file.rejected,
        };
      });
    },
  };
}
