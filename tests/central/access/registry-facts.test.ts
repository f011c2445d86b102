import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patronAccessById } from '../../../central/access/patron-eligibility.ts';
import { writePolicy } from '../../../central/access/policy.ts';
import { openContext } from '../../../central/app.ts';
import { placeMigratedPgliteDir } from '../../helpers/pglite-template.ts';
import { backends } from '../backends.ts';
import { figeacEpci } from './seed.ts';

/**
 * The facts every check shares (registry-facts.ts) are kept between checks: a commit of the sync log or a
 * policy change must be seen by the very next check, never a stale answer.
 */
describe.each(backends)('eligibility facts kept between checks ($name)', (backend) => {
  let store: Awaited<ReturnType<typeof backend.fresh>>;
  let opened: Awaited<ReturnType<typeof openContext>>;

  beforeAll(async () => {
    store = await backend.fresh();
    // A copy of the run's migrated PGlite folder, not initdb and the migrations in WebAssembly.
    if (store.options.dataDir) await placeMigratedPgliteDir(store.options.dataDir);
    opened = await openContext({ ...store.options, now: () => new Date('2026-12-05T10:00:00Z') });
  });
  afterAll(async () => {
    await opened.database.close();
    await store.dispose();
  });

  /** What a commit does (sync/log.ts takeVersions): the row written at the next version of the counter. */
  const commit = async (table: string, id: string, data: Record<string, unknown>) => {
    const { db } = opened.ctx;
    await sql`UPDATE sync_counter SET value = value + 1 WHERE id = 1`.execute(db);
    await sql`
      INSERT INTO sync_row (table_name, row_id, version, deleted, data, field_versions, updated_by, updated_at)
      VALUES (${table}, ${id}, (SELECT value FROM sync_counter WHERE id = 1), false, ${JSON.stringify(data)}::jsonb,
        '{}', 'test', now())
      ON CONFLICT (table_name, row_id) DO UPDATE SET data = excluded.data, version = excluded.version`.execute(
      db,
    );
  };
  const eligible = async () => (await patronAccessById(opened.ctx, 'p1')).access.eligibility;
  const convention = (endOn: string | null) => ({
    epci_siren: figeacEpci.siren,
    start_on: '2025-01-01',
    end_on: endOn,
  });

  it('sees a convention ended, a library closed and a policy opening the EPCI at the next check', async () => {
    await commit('library', 'l1', {
      name: 'Médiathèque de Figeac',
      commune_insee: '46102',
      participating: 1,
    });
    await commit('convention', 'c1', convention(null));
    await commit('patron', 'p1', {
      library_id: 'l1',
      card_number: 'A1',
      registered: 1,
      expires_on: '2027-06-30',
    });
    expect(await eligible()).toMatchObject({ eligible: true });
    expect(await eligible()).toMatchObject({ eligible: true });

    await commit('convention', 'c1', convention('2026-11-30'));
    expect(await eligible()).toMatchObject({ eligible: false, reasons: ['no_convention'] });

    await writePolicy(
      opened.ctx,
      { graceDays: 30, openedEpcis: [figeacEpci.siren] },
      { userId: null, email: 'admin@lot.fr', ip: null },
    );
    expect(await eligible()).toMatchObject({ eligible: true });
    // The same clock: only the policy's content tells the two writes apart.
    await writePolicy(
      opened.ctx,
      { graceDays: 30, openedEpcis: [] },
      { userId: null, email: 'admin@lot.fr', ip: null },
    );
    expect(await eligible()).toMatchObject({ eligible: false, reasons: ['no_convention'] });

    await commit('library', 'l1', {
      name: 'Médiathèque de Figeac',
      commune_insee: '46102',
      participating: 0,
    });
    expect(await eligible()).toMatchObject({
      eligible: false,
      reasons: ['library_not_member', 'no_convention'],
    });
  });
});
