import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import { databaseAtVersion, updateToVersion } from '../../helpers/migrations.ts';

describe('migration 9: snapshot progress', () => {
  it('keeps version-8 sync state and counts the rows of an unfinished snapshot from 0', () => {
    const sqlite = databaseAtVersion(8);
    sqlite.prepare("INSERT INTO sync_state (id, client_id, snapshot_from) VALUES (1, 'c1', 42)").run();
    updateToVersion(sqlite, 9);
    expect(schemaVersion(sqlite)).toBe(9);
    expect(sqlite.prepare('SELECT snapshot_from, snapshot_rows FROM sync_state WHERE id = 1').get()).toEqual({
      snapshot_from: 42,
      snapshot_rows: 0,
    });
    sqlite.close();
  });
});
