import { readOnlyAccountMarker } from '../../shared/errors.ts';
import type { Migration } from './migration.ts';

/**
 * A PC logged in to the central service with a `reader` account cannot change what is synced: the
 * server would refuse every change, and the person would learn it only at the next sync. The guard sits
 * where every staff edit passes — the outbox (a new entry, or an unsent one absorbing an edit) — so the
 * change's whole transaction is rolled back, whatever door made it. (Patron change sets are refused where
 * they are queued: db/queries/sync-patron-upload.ts; the queue's table also takes pulled import batches.)
 * Local settings and backups are not synced and stay allowed; logging out lifts it.
 */
export const migration: Migration = {
  version: 8,
  name: 'read-only-account',
  up(db) {
    const guard = `WHEN (SELECT user_role FROM sync_state) = 'reader'
      BEGIN SELECT RAISE(ABORT, '${readOnlyAccountMarker}'); END`;
    db.exec(`
      CREATE TRIGGER sync_outbox_read_only BEFORE INSERT ON sync_outbox ${guard};
      CREATE TRIGGER sync_outbox_absorb_read_only BEFORE UPDATE OF patch ON sync_outbox ${guard};
    `);
  },
};
