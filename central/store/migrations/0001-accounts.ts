import { type Kysely, sql } from 'kysely';

/** Accounts, refresh-token families, the auth audit trail and the token-signing secret. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE app_user (
      id text PRIMARY KEY,
      email text NOT NULL UNIQUE,
      role text NOT NULL CHECK (role IN ('admin', 'agent', 'reader')),
      password_hash text NOT NULL,
      disabled_at timestamptz,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE refresh_token (
      id text PRIMARY KEY,
      family_id text NOT NULL,
      user_id text NOT NULL REFERENCES app_user (id),
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      rotated_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX refresh_token_family ON refresh_token (family_id)`.execute(db);
  await sql`
    CREATE TABLE auth_audit (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      event text NOT NULL,
      email text,
      user_id text,
      ip text,
      detail text
    )`.execute(db);
  // The rate limiter counts recent failures by e-mail and by IP.
  await sql`CREATE INDEX auth_audit_email ON auth_audit (email, event, at)`.execute(db);
  await sql`CREATE INDEX auth_audit_ip ON auth_audit (ip, event, at)`.execute(db);
  await sql`CREATE TABLE server_secret (name text PRIMARY KEY, value text NOT NULL)`.execute(db);
}
