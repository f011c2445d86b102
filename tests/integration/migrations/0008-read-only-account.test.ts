import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import { readOnlyAccountMarker, toErrorPayload } from '../../../shared/errors.ts';
import { databaseAtVersion, updateToVersion } from '../../helpers/migrations.ts';

describe('migration 8: a read-only account changes nothing synced', () => {
  it('refuses outbox entries and absorbed edits while a reader is logged in, and only then', () => {
    const sqlite = databaseAtVersion(7);
    sqlite.exec(`INSERT INTO sync_state (id, client_id, cursor) VALUES (1, 'pc', 0)
      ON CONFLICT (id) DO NOTHING`);
    const queue = (seq: number) =>
      sqlite
        .prepare(
          `INSERT INTO sync_outbox (client_seq, mutation_id, table_name, row_id, op, patch, base_version, at)
           VALUES (?, ?, 'contact', 'c1', 'upsert', '{}', 0, 't')`,
        )
        .run(seq, `m${seq}`);
    queue(1);
    updateToVersion(sqlite, 8);
    expect(schemaVersion(sqlite)).toBe(8);

    sqlite.prepare("UPDATE sync_state SET user_role = 'reader'").run();
    const refused = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        expect((error as Error).message).toBe(readOnlyAccountMarker);
        return toErrorPayload(error).code;
      }
      return 'written';
    };
    expect(refused(() => queue(2))).toBe('READ_ONLY_ACCOUNT');
    expect(refused(() => sqlite.prepare(`UPDATE sync_outbox SET patch = '{"a":1}'`).run())).toBe(
      'READ_ONLY_ACCOUNT',
    );
    // What the sync engine does with entries made before (marking them sent) stays possible.
    sqlite.prepare('UPDATE sync_outbox SET sent = 1').run();
    expect(sqlite.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(1);

    sqlite.prepare("UPDATE sync_state SET user_role = 'agent'").run();
    expect(refused(() => queue(2))).toBe('written');
    sqlite.prepare('UPDATE sync_state SET user_role = NULL').run();
    expect(refused(() => queue(3))).toBe('written');
    sqlite.close();
  });
});
