import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import {
  columnsOf,
  databaseAtVersion,
  importBatchRow,
  insertRows,
  updateToVersion,
} from '../../helpers/migrations.ts';

const batch = (id: string, undoneAt: string | null) =>
  importBatchRow({ id, updated: 1, undone_at: undoneAt });

describe('migration 6: patron change sets', () => {
  it('moves waiting imports to the ordered change-set queue, queues earlier undos, and queues new imports', () => {
    // Off while the old rows go in: their library and patrons are not what this migration is about.
    const sqlite = databaseAtVersion(5, { foreignKeys: false });
    insertRows(sqlite, 'import_batch', [batch('b1', null), batch('b0', '2026-01-05T10:00:00.000Z')]);
    insertRows(sqlite, 'import_change', [
      { batch_id: 'b0', patron_id: 'p1', action: 'update', prior: '{}', stamp: 't' },
    ]);
    // b0 was uploaded before it was undone (no longer waiting): the migration queues its undo only.
    sqlite.exec("delete from sync_batch_upload where batch_id = 'b0'");
    updateToVersion(sqlite, 6);
    expect(schemaVersion(sqlite)).toBe(6);

    const queue = () =>
      sqlite.prepare('select seq, change_id, kind, batch_id from sync_patron_upload order by seq').all();
    expect(queue()).toEqual([
      { seq: 1, change_id: 'b1', kind: 'import', batch_id: 'b1' },
      { seq: 2, change_id: expect.stringMatching(/^[0-9a-f-]{36}$/), kind: 'undo', batch_id: 'b0' },
    ]);
    const undoId = (queue()[1] as { change_id: string }).change_id;
    expect(sqlite.prepare('select * from sync_patron_upload_row').all()).toEqual([
      { change_id: undoId, patron_id: 'p1', deleted: 0 },
    ]);
    // The old queue's table and its trigger are both gone: a schema object of any type, not only a table.
    expect(
      sqlite
        .prepare("select name from sqlite_master where name in ('sync_batch_upload', 'sync_queue_batch')")
        .all(),
    ).toEqual([]);

    insertRows(sqlite, 'import_batch', [batch('b2', null)]);
    expect(queue().at(-1)).toEqual({ seq: 3, change_id: 'b2', kind: 'import', batch_id: 'b2' });
    // A sequence number is never reused: an undo always lands after the import it undoes.
    sqlite.exec("delete from sync_patron_upload where change_id = 'b2'");
    sqlite.exec("insert into sync_patron_upload (change_id, kind, batch_id) values ('u2', 'undo', 'b2')");
    expect(queue().at(-1)).toMatchObject({ seq: 4, change_id: 'u2' });
    // Rows go with their change set; a kind outside the list, or an undo without its batch, is refused.
    sqlite.pragma('foreign_keys = ON');
    sqlite.exec("insert into sync_patron_upload_row values ('u2', 'p9', 1)");
    sqlite.exec("delete from sync_patron_upload where change_id = 'u2'");
    expect(sqlite.prepare('select count(*) from sync_patron_upload_row').pluck().get()).toBe(1);
    expect(() =>
      sqlite.exec("insert into sync_patron_upload (change_id, kind) values ('x', 'merge')"),
    ).toThrow(/CHECK/);
    expect(() =>
      sqlite.exec("insert into sync_patron_upload (change_id, kind) values ('y', 'undo')"),
    ).toThrow(/CHECK/);
    expect(sqlite.prepare('select snapshot_from from sync_state').all()).toEqual([]);
    expect(columnsOf(sqlite, 'sync_state')).toContain('snapshot_from');
    sqlite.close();
  });
});
