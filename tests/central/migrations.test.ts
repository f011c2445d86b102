import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../central/store/database.ts';
import { DatabaseNewerError, latestVersion, migrate, migrations } from '../../central/store/migrate.ts';
import { backends } from './backends.ts';

describe.each(backends)('central migrations ($name)', (backend) => {
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

  const tables = async () =>
    (
      await sql<{ name: string }>`
        SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`.execute(
        opened.db,
      )
    ).rows.map((r) => r.name);

  it('are numbered 1..n without holes', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('migrate step by step from an empty database, each step once', async () => {
    expect(await migrate(opened.db, 2)).toBe(2);
    expect(await tables()).not.toContain('import_chunk');
    expect(await tables()).toContain('sync_row');
    expect(await migrate(opened.db)).toBe(latestVersion);
    expect(await migrate(opened.db)).toBe(latestVersion);
    expect(await tables()).toEqual(
      expect.arrayContaining([
        'app_user',
        'auth_audit',
        'refresh_token',
        'sync_counter',
        'sync_mutation',
        'import_chunk',
        'import_commit',
      ]),
    );
    const counter = await sql<{ value: number }>`SELECT value FROM sync_counter`.execute(opened.db);
    expect(counter.rows).toEqual([{ value: 0 }]);
  });

  it('refuse a database migrated by a newer server', async () => {
    await sql`INSERT INTO central_migration (version, name, applied_at) VALUES (99, 'future', now())`.execute(
      opened.db,
    );
    await expect(migrate(opened.db)).rejects.toThrow(DatabaseNewerError);
  });
});
