import type { Kysely } from 'kysely';
import { readSetting } from '../../db/queries/settings.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/errors.ts';

export const staffNameKey = 'staff_name';

/** Every change is signed: by the explicit name (CLI --by), else the staff name set in Réglages. */
export async function resolveActor(db: Kysely<Database>, by: string | undefined): Promise<string> {
  const name = by ?? (await readSetting(db, staffNameKey))?.trim();
  if (!name) {
    throw new AppError(
      'ACTOR_REQUIRED',
      'Indiquez d’abord votre nom dans Réglages : chaque modification est signée de ce nom.',
    );
  }
  return name;
}
