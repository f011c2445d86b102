import { type Kysely, sql } from 'kysely';

/**
 * The server-ordered change log: one counter row (its row lock, held by a writing transaction until commit,
 * makes versions commit in order), the generic row store, and the stored result of every client mutation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE sync_counter (id integer PRIMARY KEY CHECK (id = 1), value bigint NOT NULL)`.execute(
    db,
  );
  await sql`INSERT INTO sync_counter (id, value) VALUES (1, 0)`.execute(db);
  await sql`
    CREATE TABLE sync_row (
      table_name text NOT NULL,
      row_id text NOT NULL,
      version bigint NOT NULL UNIQUE,
      deleted boolean NOT NULL DEFAULT false,
      data jsonb NOT NULL,
      field_versions jsonb NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (table_name, row_id)
    )`.execute(db);
  // One follow-up per EPCI: a second one created offline on another PC merges into the first.
  await sql`
    CREATE INDEX sync_row_followup_epci ON sync_row ((data->>'epci_siren'))
    WHERE table_name = 'epci_followup' AND NOT deleted`.execute(db);
  await sql`
    CREATE TABLE sync_mutation (
      client_id text NOT NULL,
      client_seq integer NOT NULL,
      mutation_id text NOT NULL,
      user_id text NOT NULL,
      result jsonb NOT NULL,
      at timestamptz NOT NULL,
      PRIMARY KEY (client_id, client_seq)
    )`.execute(db);
}
