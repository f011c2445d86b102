import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { CommuneFormerNameTable, Database } from '../schema.ts';

export interface FormerNameRow {
  /** Today's commune. */
  insee: string;
  /** Its name today. */
  currentName: string;
  formerInsee: string;
  /** The former commune's name. */
  name: string;
  kind: CommuneFormerNameTable['kind'];
}

const frenchOrder = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** Every commune's postal codes and former names (reference data, a few hundred rows), by INSEE code. */
export async function listCommuneAliases(db: Kysely<Database>) {
  const [postal, former] = await Promise.all([
    db
      .selectFrom('commune_postal_code')
      .select(['commune_insee', 'postal_code'])
      .orderBy('postal_code')
      .execute(),
    db.selectFrom('commune_former_name').select(['commune_insee', 'former_insee', 'name', 'kind']).execute(),
  ]);
  const postalCodes = new Map<string, string[]>();
  for (const row of postal)
    postalCodes.set(row.commune_insee, [...(postalCodes.get(row.commune_insee) ?? []), row.postal_code]);
  const formerNames = new Map<string, { insee: string; name: string; kind: FormerNameRow['kind'] }[]>();
  for (const row of former.sort((a, b) => frenchOrder.compare(a.name, b.name))) {
    formerNames.set(row.commune_insee, [
      ...(formerNames.get(row.commune_insee) ?? []),
      { insee: row.former_insee, name: row.name, kind: row.kind },
    ]);
  }
  return { postalCodes, formerNames };
}

/** The former names of the communes the database knows, with today's name: what an import recognises. */
export function listFormerNames(sqlite: BetterSqlite3.Database): FormerNameRow[] {
  return sqlite
    .prepare(
      `SELECT f.commune_insee AS insee, c.name AS currentName, f.former_insee AS formerInsee, f.name, f.kind
       FROM commune_former_name f JOIN commune c ON c.insee = f.commune_insee`,
    )
    .all() as FormerNameRow[];
}
