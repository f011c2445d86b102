import { type Kysely, sql } from 'kysely';

/**
 * Patron access (issue 17, PROTOCOL.md « Accès des lecteurs ») — the platforms the Département registered,
 * its access policy, the sign-in activity counted as « inscrits numériques actifs », and the OpenID Connect
 * provider's own short-lived records (sessions, codes, tokens).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A platform's secret is kept as its SHA-256 only (a random 32-byte secret needs no slow hash): a
  // database dump does not let anyone pose as a platform. A removed platform stays, named, for the
  // activity of past months.
  await sql`
    CREATE TABLE access_platform (
      client_id text PRIMARY KEY,
      name text NOT NULL,
      redirect_uris jsonb NOT NULL,
      secret_sha256 text NOT NULL,
      send_category boolean NOT NULL DEFAULT false,
      send_age_band boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      removed_at timestamptz,
      removed_by text
    )`.execute(db);
  // One row, or none: the default policy (shared/domain/eligibility.ts) until an administrator sets one.
  await sql`
    CREATE TABLE access_policy (
      id smallint PRIMARY KEY CHECK (id = 1),
      grace_days integer NOT NULL CHECK (grace_days BETWEEN 0 AND 365),
      opened_epcis jsonb NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by text NOT NULL
    )`.execute(db);
  // Who signed in where, by month — nothing else about the patron (no time, no address, no resource).
  await sql`
    CREATE TABLE access_activity (
      patron_id text NOT NULL,
      client_id text NOT NULL,
      month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      PRIMARY KEY (patron_id, client_id, month)
    )`.execute(db);
  await sql`CREATE INDEX access_activity_month ON access_activity (month)`.execute(db);
  // oidc-provider's Adapter records (sessions, interactions, codes, tokens, grants), all short-lived.
  await sql`
    CREATE TABLE oidc_payload (
      kind text NOT NULL,
      id text NOT NULL,
      payload jsonb NOT NULL,
      grant_id text,
      uid text,
      user_code text,
      expires_at timestamptz,
      consumed_at timestamptz,
      PRIMARY KEY (kind, id)
    )`.execute(db);
  await sql`CREATE INDEX oidc_payload_grant ON oidc_payload (grant_id) WHERE grant_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX oidc_payload_uid ON oidc_payload (uid) WHERE uid IS NOT NULL`.execute(db);
  await sql`CREATE INDEX oidc_payload_user_code ON oidc_payload (user_code) WHERE user_code IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX oidc_payload_expires ON oidc_payload (expires_at) WHERE expires_at IS NOT NULL`.execute(
    db,
  );
}
