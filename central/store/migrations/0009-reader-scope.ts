import { type Kysely, sql } from 'kysely';

/**
 * Least privilege: a reader account receives patrons without their personal data unless an administrator
 * grants it (sync/personal-data.ts). Admins and agents, who import and review patrons, always receive them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE app_user ADD COLUMN sees_personal_data boolean NOT NULL DEFAULT false`.execute(db);
}
