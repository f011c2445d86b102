import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContext } from '../../central/app.ts';
import { LogPage } from '../../central/sync/log-page.ts';
import { type Backend, backends, startTestCentral } from './backends.ts';
import { client } from './client.ts';

/** Only real PostgreSQL runs transactions concurrently; PGlite serialises them by construction. */
const postgres: Backend | undefined = backends.find((b) => b.name === 'postgres');

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe.skipIf(!postgres)('commit order (PostgreSQL; skipped when none answers)', () => {
  let server: Awaited<ReturnType<typeof startTestCentral>>;
  let opened: Awaited<ReturnType<typeof openContext>>;

  beforeAll(async () => {
    server = await startTestCentral(postgres as Backend);
    opened = await openContext(server.options);
  });
  afterAll(async () => {
    await opened.database.close();
    await server.dispose();
  });

  it('two server transactions committing out of order never make a cursor skip a row', async () => {
    const api = client(server.url);
    const token = (await api.login('agent@lot.fr', 'agent-password')).accessToken;
    const start = (await api.pull(token, 0)).body.cursor;
    const row = (rowId: string, version: number) => ({
      table: 'contact',
      rowId,
      version,
      deleted: false,
      data: { id: rowId },
      fieldVersions: {},
      fieldAuthors: {},
      updatedBy: 'test',
      updatedAt: new Date(),
    });
    const t1Took = deferred<number>();
    const t2Took = deferred<number>();
    const releaseT1 = deferred();
    const releaseT2 = deferred();
    let t2HasVersion = false;

    const t1 = opened.ctx.db.transaction().execute(async (trx) => {
      const page = await LogPage.open(trx);
      const version = page.takeVersion();
      page.writeRow(row('first', version));
      await page.flush();
      t1Took.resolve(version);
      await releaseT1.promise;
    });
    const v1 = await t1Took.promise;
    const t2 = opened.ctx.db.transaction().execute(async (trx) => {
      const page = await LogPage.open(trx);
      const version = page.takeVersion();
      t2HasVersion = true;
      t2Took.resolve(version);
      page.writeRow(row('second', version));
      await page.flush();
      await releaseT2.promise;
    });

    // The second transaction wants to commit first, but it cannot even take its version before T1 commits.
    await new Promise((r) => setTimeout(r, 300));
    expect(t2HasVersion).toBe(false);
    const during = await api.pull(token, start);
    expect(during.body.changes).toEqual([]);

    releaseT1.resolve();
    await t1;
    const v2 = await t2Took.promise;
    expect(v2).toBe(v1 + 1);
    const afterT1 = await api.pull(token, start);
    expect(afterT1.body.changes.map((c) => c.rowId)).toEqual(['first']);
    const cursor = afterT1.body.cursor;

    releaseT2.resolve();
    await t2;
    const afterT2 = await api.pull(token, cursor);
    expect(afterT2.body.changes.map((c) => [c.rowId, c.version])).toEqual([['second', v2]]);
  });

  it('(control) a plain SEQUENCE would let a reader skip a row: the hazard the counter lock removes', async () => {
    const url = server.options.databaseUrl as string;
    const [a, b, reader] = [new pg.Client(url), new pg.Client(url), new pg.Client(url)];
    await Promise.all([a.connect(), b.connect(), reader.connect()]);
    try {
      await reader.query('CREATE SEQUENCE naive_seq; CREATE TABLE naive_log (version bigint PRIMARY KEY)');
      await a.query('BEGIN');
      await b.query('BEGIN');
      const va = Number((await a.query("SELECT nextval('naive_seq') AS v")).rows[0].v);
      const vb = Number((await b.query("SELECT nextval('naive_seq') AS v")).rows[0].v);
      await a.query('INSERT INTO naive_log VALUES ($1)', [va]);
      await b.query('INSERT INTO naive_log VALUES ($1)', [vb]);
      await b.query('COMMIT'); // the later version commits first
      const cursor = Number((await reader.query('SELECT max(version) AS v FROM naive_log')).rows[0].v);
      await a.query('COMMIT');
      const next = await reader.query('SELECT version FROM naive_log WHERE version > $1', [cursor]);
      expect(cursor).toBe(vb);
      expect(next.rows).toEqual([]); // va was committed below the cursor: skipped forever
    } finally {
      await Promise.all([a.end(), b.end(), reader.end()]);
    }
  });
});
