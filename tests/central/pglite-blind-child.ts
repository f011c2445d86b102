/**
 * Run by pglite-statement-limit.test.ts in a process of its own: PGlite on the folder given, gone blind
 * behind the guard's back, then one statement through the guard with the service's own handler — the
 * process must end there, its transaction uncommitted. Prints `still running` if it does not.
 */
import { PGlite } from '@electric-sql/pglite';
import { guardPglite, pgliteMaxParameters, stopTheService } from '../../central/store/pglite-guard.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: pglite-blind-child.ts <data folder>');
const pglite = new PGlite(dataDir);
await pglite.waitReady;
await pglite.exec('CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (1), (2);');
const count = pgliteMaxParameters + 1;
const params = Array.from({ length: count }, (_, i) => i);
await pglite.query(
  `SELECT cardinality(ARRAY[${params.map((_, i) => `$${i + 1}::int`).join(',')}]) AS n`,
  params,
);
const { client } = guardPglite(pglite, stopTheService);
await client.query('BEGIN');
await client.query('INSERT INTO kept VALUES (3)');
await client.query('COMMIT');
process.stdout.write('still running\n');
