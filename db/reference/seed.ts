import type { Kysely } from 'kysely';
import { uuidv7 } from '../../shared/ids.ts';
import type { Database } from '../schema.ts';
import {
  describeReferencePackage,
  loadReferenceData,
  type ReferenceDataSet,
  shippedReferencePackages,
} from './decoupage.ts';

/**
 * Seeds every reference vintage that ships with the app for `departement`, oldest first, skipping those
 * already there; cheap when all are. Returns the sources written.
 */
export async function ensureReferenceData(
  db: Kysely<Database>,
  departement: string,
  packageNames: readonly string[] = shippedReferencePackages,
): Promise<string[]> {
  const written: string[] = [];
  for (const packageName of packageNames) {
    const pkg = describeReferencePackage(packageName);
    if (await isSeeded(db, pkg.source, departement)) continue;
    if (await seedReferenceData(db, loadReferenceData(departement, pkg), departement))
      written.push(pkg.source);
  }
  return written;
}

async function isSeeded(db: Kysely<Database>, source: string, departement: string): Promise<boolean> {
  const row = await db
    .selectFrom('reference_import')
    .select('id')
    .where('source', '=', source)
    .where('departement', '=', departement)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Writes one reference data set for one département in a single transaction, once: a second call
 * with the same source and département does nothing. Returns whether anything was written.
 */
export async function seedReferenceData(
  db: Kysely<Database>,
  data: ReferenceDataSet,
  departement: string,
  now: Date = new Date(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (await isSeeded(trx, data.source, departement)) return false;

    for (const epci of data.epci) {
      await trx
        .insertInto('epci')
        .values({ siren: epci.siren, name: epci.name, type: epci.type })
        .onConflict((oc) => oc.column('siren').doUpdateSet({ name: epci.name, type: epci.type }))
        .execute();
      for (const member of epci.members) {
        await trx
          .insertInto('commune')
          .values({ insee: member.insee, name: member.name, departement: member.departement })
          .onConflict((oc) =>
            oc.column('insee').doUpdateSet({ name: member.name, departement: member.departement }),
          )
          .execute();
        await trx
          .insertInto('epci_membership')
          .values({
            millesime: data.millesime,
            commune_insee: member.insee,
            epci_siren: epci.siren,
            commune_name: member.name,
          })
          .onConflict((oc) =>
            oc
              .columns(['millesime', 'commune_insee'])
              .doUpdateSet({ epci_siren: epci.siren, commune_name: member.name }),
          )
          .execute();
        for (const basis of ['municipale', 'totale'] as const) {
          const population = member.population[basis];
          await trx
            .insertInto('commune_population')
            .values({
              commune_insee: member.insee,
              millesime: data.millesime,
              basis,
              population,
              source: data.source,
            })
            .onConflict((oc) =>
              oc
                .columns(['commune_insee', 'millesime', 'basis'])
                .doUpdateSet({ population, source: data.source }),
            )
            .execute();
        }
      }
    }

    await trx
      .insertInto('reference_import')
      .values({
        id: uuidv7(now.getTime()),
        source: data.source,
        millesime: data.millesime,
        departement,
        imported_at: now.toISOString(),
        kind: 'reference',
      })
      .execute();
    return true;
  });
}
