import { type Kysely, sql } from 'kysely';

/**
 * Patron access by SAML 2.0 (central/access/saml/, PROTOCOL.md « SAML 2.0 »): a platform registered for
 * SAML is a row of access_platform like the OpenID Connect ones (same name, same removal, same activity
 * counts), with its SP entity ID and the one Assertion Consumer Service URL its responses may go to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE access_platform ADD COLUMN saml_entity_id text`.execute(db);
  await sql`ALTER TABLE access_platform ADD COLUMN saml_acs_url text`.execute(db);
  await sql`
    ALTER TABLE access_platform ADD CONSTRAINT access_platform_saml_both
    CHECK ((saml_entity_id IS NULL) = (saml_acs_url IS NULL))`.execute(db);
  // One registered platform per SP entity at a time (a removed one may be registered again).
  await sql`
    CREATE UNIQUE INDEX access_platform_saml_entity ON access_platform (saml_entity_id)
    WHERE saml_entity_id IS NOT NULL AND removed_at IS NULL`.execute(db);
}
