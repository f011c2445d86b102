import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stampPath } from '../../db/integrity-stamp.ts';
import { migrations } from '../../db/migrations/index.ts';
import { openDatabase } from '../../db/open.ts';
import { damageDatabaseFile } from '../helpers/damage.ts';
import { databaseAtVersion } from '../helpers/migrations.ts';
import { tempDir } from '../helpers/temp.ts';

/** The stamp's `checkedAt` moves only when quick_check ran: what each open decided is read there. */
const checkedAt = (file: string) =>
  (JSON.parse(fs.readFileSync(stampPath(file), 'utf8')) as { checkedAt: string }).checkedAt;

const at = (iso: string) => new Date(iso);

async function openAndClose(file: string, now: string) {
  const database = openDatabase(file, { now: at(now) });
  await database.db.selectFrom('setting').select('key').execute();
  await database.close();
}

describe('the integrity check runs only where it is needed', () => {
  it('a clean close stamps the file; the next open within a day trusts it, a day later checks again', async () => {
    const file = path.join(tempDir(), 'stamp.sqlite');
    await openAndClose(file, '2026-12-05T08:00:00Z');
    expect(checkedAt(file)).toBe('2026-12-05T08:00:00.000Z');
    await openAndClose(file, '2026-12-05T17:00:00Z');
    expect(checkedAt(file)).toBe('2026-12-05T08:00:00.000Z');
    await openAndClose(file, '2026-12-06T08:00:01Z');
    expect(checkedAt(file)).toBe('2026-12-06T08:00:01.000Z');
  });

  it('a file changed while nobody had it open is checked, and damage found is DB_CORRUPT', async () => {
    const file = path.join(tempDir(), 'stamp.sqlite');
    const database = openDatabase(file, { now: at('2026-12-05T08:00:00Z') });
    database.sqlite.exec(`CREATE TABLE filler (text TEXT);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
      INSERT INTO filler SELECT printf('%0500d', i) FROM n;`);
    await database.close();
    damageDatabaseFile(file);
    expect(() => openDatabase(file, { now: at('2026-12-05T09:00:00Z') })).toThrow(
      expect.objectContaining({ code: 'DB_CORRUPT' }),
    );
  });

  it('another connection holding the file (the app beside a CLI call): trusted, and the last to close stamps it', async () => {
    const file = path.join(tempDir(), 'stamp.sqlite');
    await openAndClose(file, '2026-12-05T08:00:00Z');
    const app = openDatabase(file, { now: at('2026-12-05T09:00:00Z') });
    app.sqlite.exec("INSERT INTO setting (key, value) VALUES ('written-by-the-app', 'x')");
    await openAndClose(file, '2026-12-05T09:01:00Z');
    expect(checkedAt(file)).toBe('2026-12-05T08:00:00.000Z');
    await app.close();
    // The app's close stamped the file as it left it: the next open trusts it.
    await openAndClose(file, '2026-12-05T10:00:00Z');
    expect(checkedAt(file)).toBe('2026-12-05T08:00:00.000Z');
  });

  it('a migration always checks, and so does an open for a restore', async () => {
    const old = databaseAtVersion(migrations.length - 1);
    const file = old.name;
    old.close();
    const stampAsChecked = () =>
      fs.writeFileSync(
        stampPath(file),
        JSON.stringify({ checkedAt: '2026-12-05T07:00:00.000Z', ...statOf(file) }),
      );
    stampAsChecked();
    await openAndClose(file, '2026-12-05T08:00:00Z');
    expect(checkedAt(file)).toBe('2026-12-05T08:00:00.000Z');
    stampAsChecked();
    const restoring = openDatabase(file, { now: at('2026-12-05T09:00:00Z'), allowDamaged: true });
    await restoring.close();
    expect(checkedAt(file)).toBe('2026-12-05T09:00:00.000Z');
  });
});

function statOf(file: string) {
  const { size, mtimeMs } = fs.statSync(file);
  return { size, mtimeMs };
}
