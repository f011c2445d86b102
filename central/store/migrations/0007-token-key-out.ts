import { type Kysely, sql } from 'kysely';

/**
 * The token-signing key leaves the database (auth/signing-keys.ts): whoever reads a dump or the data
 * folder could forge any account's token with it. Tokens it signed stop working at once; desktops log in
 * again with their refresh token, which stays valid.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE server_secret`.execute(db);
}
