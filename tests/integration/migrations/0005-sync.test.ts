import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../db/migrate.ts';
import { tempDir } from '../../helpers/temp.ts';

const dir = tempDir();

describe('migration 5: sync', () => {
  it('keeps version-4 data, queues the rows edited so far for the first sync, and adds the sync state', () => {
    const sqlite = new BetterSqlite3(path.join(dir, 'v4-to-v5.sqlite'));
    sqlite.pragma('foreign_keys = OFF');
    migrate(sqlite, { target: 4 });
    sqlite.exec(`
      insert into service_cost values ('c1', 2027, 'Cantook', 'Licence', 'flat', 100, '2026-01-02T10:00:00.000Z', '2026-01-03T10:00:00.000Z');
      insert into import_batch (id, library_id, file_name, file_sha256, mode, actor, committed_at, created, updated,
        unchanged, rejected, warnings, possible_duplicates, unregistered, created_at, updated_at)
        values ('b1', 'L1', 'f.csv', 'x', 'full', 'Claire', '2026-01-04T10:00:00.000Z', 1, 0, 0, 0, 0, 0, 0, 't', 't');`);
    migrate(sqlite, { target: 5 });
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
    sqlite.exec(`insert into import_batch (id, library_id, file_name, file_sha256, mode, actor, committed_at, created,
      updated, unchanged, rejected, warnings, possible_duplicates, unregistered, created_at, updated_at)
      values ('b2', 'L1', 'g.csv', 'y', 'full', 'Claire', 't', 1, 0, 0, 0, 0, 0, 0, 't', 't')`);
    expect(sqlite.prepare('select batch_id from sync_batch_upload order by batch_id').pluck().all()).toEqual([
      'b1',
      'b2',
    ]);

    expect(() => sqlite.prepare("insert into sync_state (id, client_id) values (2, 'x')").run()).toThrow(
      /CHECK/,
    );
    const conflictColumns = sqlite
      .prepare("select name from pragma_table_info('sync_conflict')")
      .pluck()
      .all();
    expect(conflictColumns).toContain('server_value');
    expect(conflictColumns).toContain('resolved_value');
    sqlite.close();
  });
});
