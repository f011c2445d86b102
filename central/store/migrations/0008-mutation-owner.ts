import { type Kysely, sql } from 'kysely';

/**
 * A PC's sequence numbers belong to the account that pushes them: keyed by (account, client, sequence),
 * someone who learns a PC's client id can no longer consume or read its numbers — they get a sequence of
 * their own. Existing rows keep their account (user_id was always recorded).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sync_mutation DROP CONSTRAINT sync_mutation_pkey`.execute(db);
  await sql`ALTER TABLE sync_mutation ADD PRIMARY KEY (user_id, client_id, client_seq)`.execute(db);
}
