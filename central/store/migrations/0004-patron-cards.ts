import { type Kysely, sql } from 'kysely';

/** A batch commit looks up live patrons by (library, card number): the card is unique per library. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX sync_row_patron_card ON sync_row ((data->>'library_id'), (data->>'card_number'))
    WHERE table_name = 'patron' AND NOT deleted`.execute(db);
}
