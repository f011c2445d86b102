/**
 * The import bench's floors (see import-bench.ts), each measured in a process of its own on a copy of its
 * scenario's setting: decode + the fastest of three parsers + the least writing the scenario needs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import Papa from 'papaparse';
import { inferSchema, initParser } from 'udsv';
import { configureConnection } from '../../db/open.ts';
import { uuidv7 } from '../../shared/ids.ts';

export type Scenario = 'nouveaux' | 'reimport';
export type FloorKind = 'shaped' | 'searchable' | 'upsertAll';

export const databaseOf = (dir: string, scenario: Scenario) => path.join(dir, `base-${scenario}.sqlite`);
export const fileOf = (dir: string, scenario: Scenario) => path.join(dir, `lecteurs-figeac-${scenario}.csv`);
export const previousFileOf = (dir: string) => path.join(dir, 'lecteurs-figeac-precedent.csv');

/** The parsers compared on the same decoded text; the floor keeps the fastest's rows. */
export const parsers: Record<string, (text: string) => string[][]> = {
  papaparse: (text) => Papa.parse<string[]>(text, { delimiter: ';' }).data,
  uDSV: (text) => {
    const schema = inferSchema(text, { col: ';', header: () => [] });
    return initParser(schema).stringArrs(text);
  },
  // Exact only for a text without quotes (no cell holds a delimiter or a line break): the files here.
  split: (text) => {
    if (text.includes('"')) throw new Error('Le découpage simple ne lit pas les guillemets.');
    return text.split('\r\n').map((line) => line.split(';'));
  },
};

export type FloorFigures = { ms: number; parser: string; parseMs: Record<string, number> };

/** Decode + the fastest parse (each parser timed apart on the same text) + `store`, as one figure. */
function parseThenStore(bytes: Buffer, store: (rows: string[][]) => void): FloorFigures {
  const start = performance.now();
  const text = new TextDecoder('windows-1252').decode(bytes);
  const decodeMs = performance.now() - start;
  const parseMs: Record<string, number> = {};
  let fastest: { name: string; rows: string[][] } | null = null;
  for (const [name, parse] of Object.entries(parsers)) {
    const t = performance.now();
    const rows = parse(text);
    parseMs[name] = performance.now() - t;
    if (
      fastest &&
      rows.filter((row) => row.length >= 10).length !== fastest.rows.filter((row) => row.length >= 10).length
    )
      throw new Error(`${name} ne lit pas les mêmes lignes.`);
    if (!fastest || (parseMs[name] as number) < (parseMs[fastest.name] as number)) fastest = { name, rows };
  }
  const { name, rows } = fastest as { name: string; rows: string[][] };
  const t = performance.now();
  store(rows.slice(1));
  return { ms: decodeMs + (parseMs[name] as number) + (performance.now() - t), parser: name, parseMs };
}

const floorColumns =
  'id, library_id, card_number, last_name, first_name, birth_date, email, postal_code, commune_name, registered_on, expires_on, category, name_key, created_at, updated_at';
const valueColumns = [
  'last_name',
  'first_name',
  'birth_date',
  'email',
  'postal_code',
  'commune_name',
  'registered_on',
  'expires_on',
  'category',
];

/** The floors of a scenario, on a copy of its setting (the import measured next finds it as it was). */
export function floor(dir: string, scenario: Scenario, kind: FloorKind): FloorFigures {
  const bytes = fs.readFileSync(fileOf(dir, scenario));
  const copy = `${databaseOf(dir, scenario)}.floor-${kind}`;
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${copy}${suffix}`, { force: true });
  fs.copyFileSync(databaseOf(dir, scenario), copy);
  const sqlite = new BetterSqlite3(copy);
  configureConnection(sqlite);
  const libraryId = sqlite.prepare("SELECT id FROM library WHERE name LIKE '%Figeac%'").pluck().get();
  const ddl = (
    sqlite.prepare("SELECT sql FROM sqlite_schema WHERE name = 'patron'").pluck().get() as string
  ).replace('CREATE TABLE patron', 'CREATE TABLE floor_patron');
  if (kind !== 'searchable')
    sqlite.exec(`${ddl}; CREATE INDEX floor_by_person ON floor_patron (name_key, birth_date)`);
  const table = kind === 'searchable' ? 'patron' : 'floor_patron';
  const insertSql = `INSERT INTO ${table} (${floorColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  const insert = sqlite.prepare(
    scenario === 'reimport'
      ? `${insertSql} ON CONFLICT (library_id, card_number) DO UPDATE SET
         ${valueColumns.map((c) => `${c} = excluded.${c}`).join(', ')}, name_key = excluded.name_key, updated_at = excluded.updated_at
         ${kind === 'upsertAll' ? '' : `WHERE (${valueColumns.join(', ')}) IS NOT (${valueColumns.map((c) => `excluded.${c}`).join(', ')})`}`
      : insertSql,
  );
  const index = sqlite.prepare('INSERT INTO patron_search (rowid, text) VALUES (?, ?)');
  const store = (rows: string[][], at: string) =>
    sqlite.transaction(() => {
      for (const row of rows) {
        if (row.length < 10 || !row[0]) continue;
        const { lastInsertRowid, changes } = insert.run(
          uuidv7(),
          libraryId,
          row[0],
          row[1],
          row[2],
          row[3],
          row[4],
          row[5],
          row[6],
          row[7],
          row[8],
          row[9],
          row[1],
          at,
          at,
        );
        if (kind === 'searchable' && changes > 0)
          index.run(lastInsertRowid, `${row[1]} ${row[2]} ${row[0]} ${row[4]}`);
      }
    })();
  // The re-import's floor table holds the previous file first, as parsed: not timed.
  if (scenario === 'reimport') {
    const previous = new TextDecoder('windows-1252').decode(fs.readFileSync(previousFileOf(dir)));
    store((parsers.split as (text: string) => string[][])(previous).slice(1), new Date(0).toISOString());
  }
  const figures = parseThenStore(bytes, (rows) => store(rows, new Date().toISOString()));
  sqlite.close();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${copy}${suffix}`, { force: true });
  return figures;
}
