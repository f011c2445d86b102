import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../../central/access/sign-in.ts';
import { patronThrottle } from '../../../central/access/sign-in-throttle.ts';
import { openContext } from '../../../central/app.ts';
import { Throttled } from '../../../central/auth/throttle.ts';
import { placeMigratedPgliteDir } from '../../helpers/pglite-template.ts';
import { backends } from '../backends.ts';

/**
 * Guesses of one card's birth date sent all at once (on PostgreSQL, over several pooled connections):
 * each attempt is recorded before it is checked, under a lock on its card, so no more than the free
 * failures are ever evaluated; the others are turned away with the French « réessayez dans … ».
 */
describe.each(backends)('patron sign-in guesses sent at once ($name)', (backend) => {
  let store: Awaited<ReturnType<typeof backend.fresh>>;
  let opened: Awaited<ReturnType<typeof openContext>>;
  const key = randomBytes(32);

  beforeAll(async () => {
    store = await backend.fresh();
    // A copy of the run's migrated PGlite folder, not initdb and the migrations in WebAssembly.
    if (store.options.dataDir) await placeMigratedPgliteDir(store.options.dataDir);
    opened = await openContext(store.options);
    await sql`
      INSERT INTO sync_row (table_name, row_id, version, deleted, data, field_versions, updated_by, updated_at)
      VALUES ('patron', 'p1', 1, false, ${JSON.stringify({
        library_id: 'l1',
        card_number: 'A1',
        birth_date: '1987-04-12',
        registered: 1,
        expires_on: null,
      })}::jsonb, '{}', 'test', now())`.execute(opened.ctx.db);
  });
  afterAll(async () => {
    await opened.database.close();
    await store.dispose();
  });

  it('evaluates no more than the free failures, whatever arrives together', async () => {
    const guesses = Array.from({ length: 30 }, (_, i) =>
      signIn(
        opened.ctx,
        key,
        { libraryId: 'l1', cardNumber: 'A1', birthDate: `${String((i % 28) + 1).padStart(2, '0')}/01/1950` },
        new Set(['l1']),
        { ip: '198.51.100.7', clientId: 'plateforme' },
      ).then(
        (outcome) => outcome.kind,
        (error: unknown) => (error instanceof Throttled ? 'throttled' : 'error'),
      ),
    );
    const outcomes = await Promise.all(guesses);
    const evaluated = outcomes.filter((kind) => kind === 'wrong').length;
    expect(outcomes).not.toContain('error');
    expect(evaluated).toBeGreaterThan(0);
    expect(evaluated).toBeLessThanOrEqual(patronThrottle.freeFailuresPerCard);
    expect(outcomes.filter((kind) => kind === 'throttled').length).toBe(30 - evaluated);
  });
});
