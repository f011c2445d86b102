import type { Kysely } from 'kysely';
import type { Backend } from './store/database.ts';
import type { CentralDatabase } from './store/schema.ts';

/** What every route needs: the database, the clock (injectable for tests) and the token key. */
export interface CentralContext {
  db: Kysely<CentralDatabase>;
  backend: Backend;
  now: () => Date;
  accessKey: Buffer;
}
