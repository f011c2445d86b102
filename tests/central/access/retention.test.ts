import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSignIn } from '../../../central/access/activity.ts';
import { forgetExpired, openContext } from '../../../central/app.ts';
import { placeMigratedPgliteDir } from '../../helpers/pglite-template.ts';
import { backends } from '../backends.ts';

/**
 * The activity's retention (run at start and daily by forgetExpired): the current and previous calendar
 * years are kept, and a patron the registry no longer holds leaves no trace.
 */
describe.each(backends)('access activity retention ($name)', (backend) => {
  let store: Awaited<ReturnType<typeof backend.fresh>>;
  let opened: Awaited<ReturnType<typeof openContext>>;
  let clock = new Date('2026-03-15T12:00:00Z');

  beforeAll(async () => {
    store = await backend.fresh();
    // A copy of the run's migrated PGlite folder, not initdb and the migrations in WebAssembly.
    if (store.options.dataDir) await placeMigratedPgliteDir(store.options.dataDir);
    opened = await openContext({ ...store.options, now: () => clock });
  });
  afterAll(async () => {
    await opened.database.close();
    await store.dispose();
  });

  const patronRow = (id: string, deleted: boolean, version: number) => sql`
    INSERT INTO sync_row (table_name, row_id, version, deleted, data, field_versions, updated_by, updated_at)
    VALUES ('patron', ${id}, ${version}, ${deleted}, ${deleted ? '{}' : JSON.stringify({ library_id: 'l1', card_number: id })}::jsonb, '{}', 'u', now())`;

  it('keeps this year and last, forgets older months and patrons no longer in the registry', async () => {
    const { ctx } = opened;
    await patronRow('kept', false, 1).execute(ctx.db);
    await patronRow('purged', true, 2).execute(ctx.db);
    for (const at of ['2024-12-31T12:00:00Z', '2025-01-01T12:00:00Z', '2026-03-01T12:00:00Z']) {
      clock = new Date(at);
      await recordSignIn(ctx, 'kept', 'cantook');
      await recordSignIn(ctx, 'kept', 'cantook'); // the same month twice: one row
      await recordSignIn(ctx, 'purged', 'cantook');
      await recordSignIn(ctx, 'never-synced', 'cantook');
    }
    clock = new Date('2026-03-15T12:00:00Z');
    await forgetExpired(ctx);
    const rows = await ctx.db.selectFrom('access_activity').selectAll().orderBy('month').execute();
    expect(rows).toEqual([
      { patron_id: 'kept', client_id: 'cantook', month: '2025-01' },
      { patron_id: 'kept', client_id: 'cantook', month: '2026-03' },
    ]);
  });

  it('counts a sign-in in the French month: 00:30 on 1 January in Cahors is the new year', async () => {
    const { ctx } = opened;
    clock = new Date('2026-12-31T23:30:00Z');
    await recordSignIn(ctx, 'kept', 'new-year');
    const row = await ctx.db
      .selectFrom('access_activity')
      .select('month')
      .where('client_id', '=', 'new-year')
      .executeTakeFirst();
    expect(row?.month).toBe('2027-01');
  });
});
