import type { Kysely } from 'kysely';
import { listReferenceImports } from '../../db/queries/reference.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/errors.ts';

/**
 * The millésime shown by default: the newest one with municipale and totale figures (shipped reference
 * data or an imported INSEE file). A DGF file alone does not change it.
 */
export async function currentMillesime(db: Kysely<Database>, departement: string): Promise<number> {
  const latest = (await listReferenceImports(db, departement)).find((set) => set.kind !== 'dgf');
  if (!latest) {
    throw new AppError(
      'REFERENCE_DATA_MISSING',
      `Aucune donnée de référence pour le département ${departement}.`,
    );
  }
  return latest.millesime;
}

/** The asked millésime if the app holds its geography, else the current one. */
export async function resolveMillesime(db: Kysely<Database>, departement: string, asked: number | undefined) {
  if (asked === undefined) return currentMillesime(db, departement);
  const known = (await listReferenceImports(db, departement)).some((set) => set.millesime === asked);
  if (!known)
    throw new AppError('NOT_FOUND', `Aucune population légale du millésime ${asked} n’est chargée.`);
  return asked;
}

export async function sourceOf(
  db: Kysely<Database>,
  departement: string,
  millesime: number,
): Promise<string> {
  const sets = (await listReferenceImports(db, departement)).filter((set) => set.millesime === millesime);
  return sets.map((set) => set.source).join(' + ');
}
