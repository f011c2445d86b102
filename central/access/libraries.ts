import { sql } from 'kysely';
import type { CentralContext } from '../context.ts';
import { placeOfCommune } from './geography.ts';
import type { LibraryChoice } from './pages.ts';

/** The libraries a patron may choose on the login page: those taking part, by name, with their commune. */
export async function participatingLibraries(ctx: Pick<CentralContext, 'db'>): Promise<LibraryChoice[]> {
  const { rows } = await sql<{ id: string; name: string | null; commune_insee: string | null }>`
    SELECT row_id AS id, data->>'name' AS name, data->>'commune_insee' AS commune_insee FROM sync_row
    WHERE table_name = 'library' AND NOT deleted AND (data->>'participating') IN ('1', 'true')`.execute(
    ctx.db,
  );
  return rows
    .map((row) => ({
      id: row.id,
      name: row.name ?? '',
      communeName: row.commune_insee ? (placeOfCommune(row.commune_insee)?.communeName ?? null) : null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.id.localeCompare(b.id));
}
