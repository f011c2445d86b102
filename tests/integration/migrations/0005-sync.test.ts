import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import {
  columnsOf,
  databaseAtVersion,
  importBatchRow,
  insertRows,
  updateToVersion,
} from '../../helpers/migrations.ts';

describe('migration 5: sync', () => {
  it('keeps version-4 data, queues the rows edited so far for the first sync, and adds the sync state', () => {
    // The batches' library is left out: the library table is not what this migration is about.
    const sqlite = databaseAtVersion(4, { foreignKeys: false });
    sqlite.exec(
      "insert into service_cost values ('c1', 2027, 'Cantook', 'Licence', 'flat', 100, '2026-01-02T10:00:00.000Z', '2026-01-03T10:00:00.000Z')",
    );
    insertRows(sqlite, 'import_batch', [importBatchRow({ id: 'b1' })]);
    updateToVersion(sqlite, 5);
    expect(schemaVersion(sqlite)).toBe(5);

    const outbox = sqlite.prepare('select * from sync_outbox').all();
    expect(outbox).toEqual([
      {
        client_seq: 1,
        mutation_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        table_name: 'service_cost',
        row_id: 'c1',
        op: 'upsert',
        patch: JSON.stringify({
          year: 2027,
          vendor: 'Cantook',
          label: 'Licence',
          pricing: 'flat',
          amount_cents: 100,
        }),
        base_version: 0,
        at: '2026-01-03T10:00:00.000Z',
        sent: 0,
      },
    ]);
    expect(sqlite.prepare('select batch_id from sync_batch_upload').pluck().all()).toEqual(['b1']);

    // A sequence number is never reused, even after the newest entry is acknowledged and deleted.
    sqlite.exec('delete from sync_outbox');
    sqlite
      .prepare(
        "insert into sync_outbox (mutation_id, table_name, row_id, op, patch, base_version, at) values ('m2', 'contact', 'x', 'delete', '{}', 0, 't')",
      )
      .run();
    expect(sqlite.prepare('select client_seq from sync_outbox').pluck().get()).toBe(2);

    // A new import batch queues itself for upload.
    insertRows(sqlite, 'import_batch', [
      importBatchRow({ id: 'b2', file_name: 'g.csv', file_sha256: 'y', committed_at: 't' }),
    ]);
    expect(sqlite.prepare('select batch_id from sync_batch_upload order by batch_id').pluck().all()).toEqual([
      'b1',
      'b2',
    ]);

    expect(() => sqlite.prepare("insert into sync_state (id, client_id) values (2, 'x')").run()).toThrow(
      /CHECK/,
    );
    const conflictColumns = columnsOf(sqlite, 'sync_conflict');
    expect(conflictColumns).toContain('server_value');
    expect(conflictColumns).toContain('resolved_value');
    sqlite.close();
  });
});
