/**
 * npm run bench:cli — how long the README's command (`./mednum`, the bundled CLI) takes to answer `info`
 * on a base of 100 MB or more, against a floor measured in the same run: Node starting, loading
 * better-sqlite3 and reading one row of the same file (the least any program answering from the base
 * does). Runs interleaved; medians and every run printed; the bar is 300 ms. Not asserted.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';

const runs = Number(process.env.BENCH_RUNS ?? 9);
const targetBytes = Number(process.env.BENCH_MB ?? 100) * 1024 * 1024;
const repo = path.resolve(import.meta.dirname, '../..');
const launcher = path.join(repo, 'mednum');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-cli-bench-'));
const file = path.join(dir, 'bench.sqlite');
const env = { ...process.env, MEDNUM_BY: 'Banc d’essai' };

// The base: created and seeded by the CLI itself, then filled with patrons until it weighs the target.
execFileSync(
  launcher,
  [
    '--db',
    file,
    'library',
    'add',
    '--name',
    'Médiathèque du banc',
    '--commune',
    '46042',
    '--ils',
    'koha',
    '--code',
    'BANC',
  ],
  { env, stdio: 'ignore' },
);
const sqlite = new BetterSqlite3(file);
const library = sqlite.prepare('SELECT id FROM library WHERE code = ?').pluck().get('BANC') as string;
const fill = sqlite.prepare(`
  WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?)
  INSERT INTO patron (id, library_id, card_number, last_name, first_name, birth_date, email, registered,
    name_key, created_at, updated_at, expires_on)
  SELECT printf('019a0000-0000-7000-8000-%012d', i), ?, printf('C%09d', i), printf('Lecteur%06d', i),
    'Prénom', '1980-01-01', printf('lecteur%d@exemple.fr', i), 1, printf('lecteur%06d prenom', i),
    '2026-01-01', '2026-01-01', '2027-12-31' FROM n`);
let made = 0;
const size = () => {
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return fs.statSync(file).size;
};
while (size() < targetBytes) {
  fill.run(made + 1, made + 50_000, library);
  made += 50_000;
}
sqlite.close();
const megabytes = (fs.statSync(file).size / 1024 / 1024).toFixed(0);

const time = (command: string, args: string[]) => {
  const start = performance.now();
  execFileSync(command, args, { env, stdio: 'ignore' });
  return performance.now() - start;
};
const floorScript = `const db = require(${JSON.stringify(path.join(repo, 'node_modules/better-sqlite3'))})(${JSON.stringify(file)});
db.prepare('SELECT count(*) FROM library').get(); db.close();`;
const floor = () => time(process.execPath, ['-e', floorScript]);
const cli = () => time(launcher, ['--db', file, 'info']);

// The first call of the day checks the file and takes the daily backup: not what a call costs after.
cli();
const floors: number[] = [];
const calls: number[] = [];
for (let run = 0; run < runs; run++) {
  floors.push(floor());
  calls.push(cli());
}
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const ms = (values: number[]) => values.map((v) => v.toFixed(0)).join(' / ');
const medianCall = median(calls);
const medianFloor = median(floors);
console.log(`base: ${megabytes} MB (${made.toLocaleString('fr-FR')} lecteurs), ${runs} runs interleaved`);
console.log(
  `floor (node + better-sqlite3 + one read): median ${medianFloor.toFixed(0)} ms — runs ${ms(floors)}`,
);
console.log(`./mednum info: median ${medianCall.toFixed(0)} ms — runs ${ms(calls)}`);
console.log(
  `ratio to floor ${(medianCall / medianFloor).toFixed(2)}; bar 300 ms: ${medianCall <= 300 ? 'held' : 'NOT held'}, margin ${(300 - medianCall).toFixed(0)} ms (${(((300 - medianCall) / 300) * 100).toFixed(0)} %)`,
);
fs.rmSync(dir, { recursive: true, force: true });
