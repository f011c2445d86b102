import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../central/store/database.ts';
import { guardPglite, pgliteMaxParameters } from '../../central/store/pglite-guard.ts';
import type { CentralDatabase } from '../../central/store/schema.ts';
import type { Session } from '../../shared/sync/protocol.ts';
import { childOutput } from '../helpers/child-output.ts';
import { placeMigratedPgliteDir } from '../helpers/pglite-template.ts';
import { backends, startTestCentral } from './backends.ts';
import { addLibrary, client, grandFigeac, mutation } from './client.ts';
import { commitPatronSet, patron } from './patrons.ts';

/**
 * PGlite 0.4.5 reads the parameter count of PostgreSQL's answer as a signed 16-bit number: a statement
 * with 32,768 parameters or more runs, then the instance answers every later statement with nothing (the
 * 20-PC bench's 10,000-row floor, 4 parameters a row, left the service « without » its accounts). The store
 * refuses such a statement and stops on a blind instance; the service's own statements stay far below.
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A fresh data folder holding the migrated central database (the template's copy). */
async function dataFolder(): Promise<string> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mednum-pglite-limit-'));
  folders.push(folder);
  await placeMigratedPgliteDir(folder);
  return folder;
}

/** `SELECT cardinality(ARRAY[$1, …, $count])`: one statement carrying `count` parameters. */
function manyParameters(count: number): [string, number[]] {
  const params = Array.from({ length: count }, (_, i) => i);
  return [`SELECT cardinality(ARRAY[${params.map((_, i) => `$${i + 1}::int`).join(',')}]) AS n`, params];
}

let nextVersion = 1_000_000;

/** `rows` contacts in ONE multi-row INSERT into the log, 4 parameters a row: the bench's floor statement. */
function insertContacts(db: Kysely<CentralDatabase>, prefix: string, rows: number) {
  const values = Array.from({ length: rows }, (_, i) => {
    const data = {
      id: `${prefix}-${i}`,
      epci_siren: grandFigeac,
      name: `Contact ${i}`,
      role: '',
      email: '',
      phone: '',
    };
    nextVersion += 1;
    return sql`('contact', ${data.id}, ${nextVersion}, false, ${JSON.stringify(data)}::jsonb, ${JSON.stringify({ name: 1 })}::jsonb, 'test', now())`;
  });
  return sql`INSERT INTO sync_row (table_name, row_id, version, deleted, data, field_versions, updated_by, updated_at)
    VALUES ${sql.join(values)}`.execute(db);
}

async function contactsWith(db: Kysely<CentralDatabase>, prefix: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM sync_row WHERE row_id LIKE ${`${prefix}-%`}`.execute(db);
  return rows[0]?.n ?? -1;
}

describe('PGlite and statements of more than 32,767 parameters', () => {
  it('PGlite 0.4.5 itself: the statement runs, then every answer is empty — rows and errors — until reopened', async () => {
    // When an upgrade reads the count unsigned (0.6 does), this test fails: revisit pgliteMaxParameters
    // and the PROTOCOL.md paragraph (« PGlite: 32,767 parameters a statement »).
    const folder = await dataFolder();
    const pglite = new PGlite(folder);
    await pglite.waitReady;
    await pglite.exec('CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (1), (2);');
    expect((await pglite.query(...manyParameters(32_767))).rows).toEqual([{ n: 32_767 }]);

    const [text, params] = manyParameters(32_768);
    const poisoned = await pglite.query(text, params); // no error
    expect(poisoned.rows).toEqual([]);
    expect((await pglite.query('SELECT count(*)::int AS n FROM kept')).rows).toEqual([]); // « gone »
    await pglite.query('INSERT INTO kept VALUES (3)'); // still written
    // A duplicate key comes back as PGlite's own parser error, not PostgreSQL's.
    await expect(pglite.query('INSERT INTO kept VALUES (1)')).rejects.toThrow(RangeError);
    await pglite.close();

    const reopened = new PGlite(folder);
    expect((await reopened.query('SELECT id FROM kept ORDER BY id')).rows).toEqual([
      { id: 1 },
      { id: 2 },
      { id: 3 },
    ]);
    await reopened.close();
  });

  it('the store refuses such a statement before PGlite sees it: every committed row stays, the instance sound', async () => {
    const folder = await dataFolder();
    const onCorrupt = vi.fn();
    const store = await openDatabase({ dataDir: folder, onCorrupt });
    await insertContacts(store.db, 'kept', 100);

    // The bench's floor: 10,000 rows × 4 parameters = 40,000.
    await expect(insertContacts(store.db, 'floor', 10_000)).rejects.toMatchObject({
      code: 'STORE_STATEMENT_TOO_LARGE',
      status: 500,
      message: expect.stringContaining('40000 valeurs, 32767 au plus'),
    });
    // Inside a transaction, the refusal rolls back what the transaction wrote before it.
    await expect(
      store.db.transaction().execute(async (trx) => {
        await insertContacts(trx, 'in-transaction', 10);
        await insertContacts(trx, 'in-transaction-big', 8_192); // 32,768
      }),
    ).rejects.toMatchObject({ code: 'STORE_STATEMENT_TOO_LARGE' });
    await insertContacts(store.db, 'edge', Math.floor(pgliteMaxParameters / 4)); // 32,764: allowed

    expect(await contactsWith(store.db, 'kept')).toBe(100);
    expect(await contactsWith(store.db, 'edge')).toBe(8_191);
    expect(await contactsWith(store.db, 'floor')).toBe(0);
    expect(await contactsWith(store.db, 'in-transaction')).toBe(0);
    await expect(store.probe()).resolves.toBeUndefined();
    expect(onCorrupt).not.toHaveBeenCalled();
    await store.close();
  });

  it('an instance gone blind anyway is caught at its next statement: nothing more committed, the service told once', async () => {
    const folder = await dataFolder();
    const pglite = new PGlite(folder);
    await pglite.waitReady;
    await pglite.exec('CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (1), (2);');
    const onCorrupt = vi.fn();
    const guard = guardPglite(pglite, onCorrupt);
    const db = new Kysely<{ kept: { id: number } }>({ dialect: new PGliteDialect(guard.client) });
    expect(await db.selectFrom('kept').select('id').orderBy('id').execute()).toEqual([{ id: 1 }, { id: 2 }]);
    // An insert touching nothing is confirmed once, and is fine on a sound instance.
    await db
      .insertInto('kept')
      .values({ id: 1 })
      .onConflict((oc) => oc.doNothing())
      .execute();
    expect(guard.failure()).toBeUndefined();

    await pglite.query(...manyParameters(32_768)); // behind the guard's back
    // A transaction writes a row, then meets a duplicate key: PGlite's parser error, not PostgreSQL's.
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('kept').values({ id: 3 }).execute();
        await trx.insertInto('kept').values({ id: 1 }).execute();
      }),
    ).rejects.toMatchObject({ code: 'STORE_CORRUPT', status: 503 });
    await expect(db.selectFrom('kept').selectAll().execute()).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
    });
    expect(onCorrupt).toHaveBeenCalledTimes(1);
    expect(guard.failure()?.message).toContain('redémarrez le service');
    await pglite.close();

    const reopened = new PGlite(folder);
    expect((await reopened.query('SELECT id FROM kept ORDER BY id')).rows).toEqual([{ id: 1 }, { id: 2 }]);
    await reopened.close();
  });

  it('the service’s own handler ends the process with the reason in French; a new start finds every commit', async () => {
    const folder = await dataFolder();
    const child = spawn(tsx, [path.join(import.meta.dirname, 'pglite-blind-child.ts'), folder], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { code, stdout, stderr } = await childOutput(child);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toContain('La base embarquée (PGlite) du serveur central ne répond plus correctement');

    const reopened = new PGlite(folder);
    expect((await reopened.query('SELECT id FROM kept ORDER BY id')).rows).toEqual([{ id: 1 }, { id: 2 }]);
    await reopened.close();
  });
});

describe('the largest writes a client may ask for keep every account, session and row (PGlite)', () => {
  const pglite = backends.find((backend) => backend.name === 'pglite');
  if (!pglite) throw new Error('the PGlite backend is always there');
  let server: Awaited<ReturnType<typeof startTestCentral>>;
  afterAll(() => server?.dispose());

  it('10,000 changes in full pushes (500 mutations each, the most one push may carry) and a 5,000-patron import', async () => {
    server = await startTestCentral(pglite);
    const api = client(server.url);
    const accounts = [
      ['admin@lot.fr', 'admin-password'],
      ['agent@lot.fr', 'agent-password'],
      ['agent2@lot.fr', 'agent2-password'],
      ['reader@lot.fr', 'reader-password'],
    ] as const;
    const sessions: Session[] = [];
    for (const [email, password] of accounts) sessions.push(await api.login(email, password));
    const agent = sessions[1]?.accessToken ?? '';

    const clientId = randomUUID();
    for (let request = 0; request < 20; request++) {
      const mutations = Array.from({ length: 500 }, (_, i) => {
        const n = request * 500 + i;
        return mutation(n + 1, 'contact', `large-${n}`, {
          epci_siren: grandFigeac,
          name: `Contact ${n}`,
          role: 'Bibliothécaire',
          email: `contact${n}@exemple.fr`,
          phone: '05 65 00 00 00',
        });
      });
      const { status, body } = await api.push(agent, clientId, mutations);
      expect(status).toBe(200);
      expect(body.acceptedThrough).toBe((request + 1) * 500);
    }
    await addLibrary(api, agent, 'lib-large');
    await commitPatronSet(
      server.url,
      agent,
      { kind: 'import', libraryId: 'lib-large', mode: 'full', fileName: 'grand-fichier.csv' },
      Array.from({ length: 5_000 }, (_, n) => patron('lib-large', n)),
    );

    for (const [i, session] of sessions.entries()) {
      const me = await api.call<{ email: string }>('GET', '/auth/me', { token: session.accessToken });
      expect(me.body.email).toBe(accounts[i]?.[0]);
      const refreshed = await api.call('POST', '/auth/refresh', {
        body: { refreshToken: session.refreshToken },
      });
      expect(refreshed.status).toBe(200);
    }
    const counts = new Map<string, number>();
    let cursor = 0;
    for (;;) {
      const { body } = await api.pull(agent, cursor, 5000);
      for (const change of body.changes) counts.set(change.table, (counts.get(change.table) ?? 0) + 1);
      cursor = body.cursor;
      if (!body.hasMore) break;
    }
    expect(counts.get('contact')).toBe(10_000);
    expect(counts.get('patron')).toBe(5_000);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
