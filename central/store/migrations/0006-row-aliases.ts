import { type Kysely, sql } from 'kysely';

/**
 * A row id a desktop created that the server merged into another row (a follow-up created offline on two
 * PCs): later mutations of that id, already in the desktop's outbox, go to the row it merged into.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sync_alias (
      table_name text NOT NULL,
      row_id text NOT NULL,
      target_id text NOT NULL,
      PRIMARY KEY (table_name, row_id)
    )`.execute(db);
}
