import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openCheckedDatabase } from '../../electron/services/backup/startup.ts';
import { createFileLogger } from '../../electron/services/log.ts';
import { tempDir } from '../helpers/temp.ts';

describe('the slow-query log', () => {
  it('writes a query of 50 ms or more to the services log, its SQL without its values; a fast one not', async () => {
    const dir = tempDir();
    const log = createFileLogger(path.join(dir, 'logs'));
    const database = openCheckedDatabase(path.join(dir, 'lente.sqlite'), { now: new Date(), log });
    try {
      await sql`SELECT count(*) FROM library WHERE name = ${'Médiathèque rapide'}`.execute(database.db);
      expect(fs.existsSync(log.file) ? fs.readFileSync(log.file, 'utf8') : '').not.toContain('Requête lente');
      // A recursive count long enough on any machine, with a value that must not reach the log.
      await sql`
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000)
        SELECT count(*) FROM n WHERE ${'ZORGLUB'} <> ''`.execute(database.db);
      const written = fs.readFileSync(log.file, 'utf8');
      expect(written).toMatch(/Requête lente \(\d+ ms\) : WITH RECURSIVE n\(i\)/);
      expect(written).not.toContain('ZORGLUB');
    } finally {
      await database.close();
    }
  });
});
