import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate.ts';
import { configureConnection } from '../../db/open.ts';
import { KnownPeople } from '../../electron/services/import/known-people.ts';
import { tempDir } from '../helpers/temp.ts';

const file = path.join(tempDir(), 'people.sqlite');

function connect() {
  const db = new BetterSqlite3(file);
  configureConnection(db);
  db.pragma('foreign_keys = OFF');
  return db;
}

const addPatron = (db: BetterSqlite3.Database, card: string, key: string, birthDate: string | null) =>
  db
    .prepare(`INSERT INTO patron (id, library_id, card_number, last_name, name_key, birth_date, created_at, updated_at)
      VALUES (?, 'L1', ?, 'X', ?, ?, 't', 't')`)
    .run(`p-${card}`, card, key, birthDate);

describe('the stored people an import compares its rows with', () => {
  it('says who may be stored, never misses a stored pair, and sees what another connection committed since', () => {
    const app = connect();
    migrate(app);
    for (let i = 0; i < 5_000; i += 1) addPatron(app, `C${i}`, `nom${i}|prenom${i}`, '1980-05-17');
    addPatron(app, 'NOBIRTH', 'sansdate|', null);

    const worker = connect();
    const people = new KnownPeople(worker).refresh();
    for (let i = 0; i < 5_000; i += 1) expect(people.mayHave(`nom${i}|prenom${i}`, '1980-05-17')).toBe(true);
    // Unknown pairs are ruled out (a 32-bit hash: a collision would only cost one exact lookup).
    let ruledOut = 0;
    for (let i = 0; i < 5_000; i += 1)
      if (!people.mayHave(`autre${i}|prenom${i}`, '1980-05-17')) ruledOut += 1;
    expect(ruledOut).toBeGreaterThan(4_990);
    expect(people.mayHave('nom1|prenom1', '1980-05-18')).toBe(false);

    addPatron(app, 'NEW', 'dupont|marie', '1990-01-02');
    expect(people.mayHave('dupont|marie', '1990-01-02')).toBe(false);
    expect(people.refresh().mayHave('dupont|marie', '1990-01-02')).toBe(true);
    worker.close();
    app.close();
  });
});
