import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../central/store/database.ts';
import { latestVersion, migrate } from '../../../central/store/migrate.ts';
import { backends } from '../backends.ts';

/** Migration 10 (patron access) from a database at version 9 holding synced rows and accounts. */
describe.each(backends)('central migration 10, patron access ($name)', (backend) => {
  let store: Awaited<ReturnType<typeof backend.fresh>>;
  let opened: Awaited<ReturnType<typeof openDatabase>>;

  beforeAll(async () => {
    store = await backend.fresh();
    opened = await openDatabase(store.options);
  });
  afterAll(async () => {
    await opened.close();
    await store.dispose();
  });

  it('adds the access tables to a version-9 database without touching its rows', async () => {
    expect(await migrate(opened.db, 9)).toBe(9);
    await sql`
      INSERT INTO sync_row (table_name, row_id, version, deleted, data, field_versions, updated_by, updated_at)
      VALUES ('patron', 'p1', 1, false, '{"library_id":"l1","card_number":"C1"}', '{}', 'u', now())`.execute(
      opened.db,
    );
    expect(await migrate(opened.db)).toBe(latestVersion);
    expect(latestVersion).toBeGreaterThanOrEqual(10);
    const { rows } = await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_name IN ('access_platform', 'access_policy', 'access_activity', 'oidc_payload')
      ORDER BY 1`.execute(opened.db);
    expect(rows.map((r) => r.name)).toEqual([
      'access_activity',
      'access_platform',
      'access_policy',
      'oidc_payload',
    ]);
    const columns = await sql<{ name: string }>`
      SELECT column_name AS name FROM information_schema.columns
      WHERE table_name = 'access_activity' ORDER BY ordinal_position`.execute(opened.db);
    // Nothing else about the patron than who, where and which month.
    expect(columns.rows.map((r) => r.name)).toEqual(['patron_id', 'client_id', 'month']);
    const kept = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sync_row`.execute(opened.db);
    expect(kept.rows[0]?.n).toBe(1);
    await expect(
      sql`INSERT INTO access_activity VALUES ('p1', 'c', '2026-13')`.execute(opened.db),
    ).rejects.toThrow();
    await expect(
      sql`INSERT INTO access_policy VALUES (2, 30, '[]', now(), 'a')`.execute(opened.db),
    ).rejects.toThrow();
  });
});
