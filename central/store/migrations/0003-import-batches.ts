import { type Kysely, sql } from 'kysely';

/** Content-addressed chunks of patron imports, and the stored result of each committed batch. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE import_chunk (
      batch_id text NOT NULL,
      sha256 text NOT NULL,
      body bytea NOT NULL,
      rows integer NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (batch_id, sha256)
    )`.execute(db);
  await sql`
    CREATE TABLE import_commit (
      batch_id text PRIMARY KEY,
      result jsonb NOT NULL,
      user_id text NOT NULL,
      at timestamptz NOT NULL
    )`.execute(db);
}
