import type { Kysely } from 'kysely';
import { uuidv7 } from '../../shared/ids.ts';
import type { Database } from '../schema.ts';
import { loadCommuneAliases } from './commune-aliases.ts';
import {
  describeReferencePackage,
  loadReferenceData,
  type ReferenceDataSet,
  shippedReferencePackages,
} from './decoupage.ts';

/**
 * Seeds every reference vintage that ships with the app for `departement`, oldest first, skipping those
 * already there, then the communes' postal codes and former names whenever a vintage was written or they
 * are missing (a file from before migration 10); cheap when all are there. Returns the sources written.
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
  if (written.length > 0 || !(await hasCommuneAliases(db))) await seedCommuneAliases(db, packageNames);
  return written;
}

async function hasCommuneAliases(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('commune_postal_code').select('commune_insee').limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Rewrites the postal codes and former names of every commune the database knows (the members of the
 * département's EPCI, in any vintage) from the packages that ship, in one transaction.
 */
export async function seedCommuneAliases(
  db: Kysely<Database>,
  packageNames: readonly string[] = shippedReferencePackages,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const known = await trx.selectFrom('commune').select('insee').execute();
    if (known.length === 0) return;
    const aliases = loadCommuneAliases(new Set(known.map((row) => row.insee)), packageNames);
    await trx.deleteFrom('commune_postal_code').execute();
    await trx.deleteFrom('commune_former_name').execute();
    // Inserted in slices: SQLite binds at most 32,766 values per statement.
    for (const rows of slices(aliases.postalCodes)) {
      await trx
        .insertInto('commune_postal_code')
        .values(rows.map((row) => ({ postal_code: row.postalCode, commune_insee: row.communeInsee })))
        .execute();
    }
    for (const rows of slices(aliases.formerNames)) {
      await trx
        .insertInto('commune_former_name')
        .values(
          rows.map((row) => ({
            commune_insee: row.communeInsee,
            former_insee: row.formerInsee,
            name: row.name,
            kind: row.kind,
          })),
        )
        .execute();
    }
  });
}

function* slices<T>(rows: readonly T[], size = 1000): Generator<T[]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
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
