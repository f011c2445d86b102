import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../shared/errors.ts';
import { generatePatronFile } from '../bench/patron-file.ts';
import { client } from '../central/client.ts';
import { commitPatronSet, patron } from '../central/patrons.ts';
import type { ChildOutput } from '../helpers/child-output.ts';
import { expectNoStackTrace, runCliAsync } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';
import { password, startTestCentral } from '../sync/helpers/central.ts';
import { type Desktop, openDesktop } from '../sync/helpers/desktop.ts';

/**
 * Staff keep editing while everything else writes to the same file at the same time: a 30,000-row import
 * committing in its worker thread, a CLI process applying a 60,000-patron snapshot, a backup and a restore.
 * Every edit is applied or answered DB_BUSY in French — never INTERNAL (the setup file fails the test on
 * any) — and nothing an edit wrote is lost: it is in the file, or in the copy the restore kept of it.
 */
const dir = tempDir('mednum-concurrent-');
const snapshotPatrons = 60_000;
/**
 * The import writes in one transaction, which holds the write lock for a second or two: edits queue behind
 * it as they would behind a bigger file's, only for less long (15 s would make them DB_BUSY). Not more rows:
 * the final sync sends the import to the server and pulls it back, which at 100,000 rows took two thirds of
 * this file's time.
 */
const importRows = 30_000;
/** Between two edits. */
const staffPauseMs = 10;

let central: Awaited<ReturnType<typeof startTestCentral>>;
let seededLibrary: string;

/** The shipped CLI, another process on Claire's file, run asynchronously (the central service is here). */
function mednum(args: string[], stdin = ''): Promise<ChildOutput> {
  return runCliAsync(dir, path.join(dir, 'Claire.sqlite'), args, {
    stdin,
    env: { HOME: path.join(dir, 'cli-home') },
  });
}

/** 60,000 patrons on the server, committed as another PC's import would be. */
async function seedServer(anne: Desktop) {
  await anne.api.call('sync.login', { serverUrl: central.url, email: 'anne@lot.fr', password });
  seededLibrary = (
    await anne.api.call('library.add', { name: 'Médiathèque de Gourdon', commune: '46127', ils: 'other' })
  ).id;
  await anne.api.call('sync.now', {});
  const { accessToken } = await client(central.url).login('anne@lot.fr', password);
  const rows = Array.from({ length: snapshotPatrons }, (_, n) => patron(seededLibrary, n));
  await commitPatronSet(
    central.url,
    accessToken,
    { kind: 'import', libraryId: seededLibrary, mode: 'full', fileName: 'gourdon.csv' },
    rows,
  );
}

interface Edit {
  issuedAt: number;
  settledAt: number;
  id?: string;
  code?: string;
  message?: string;
}

/** Staff adding cost lines one after another through the contract, until `stop()`. */
function editLoop(pc: Desktop) {
  const edits: Edit[] = [];
  let running = true;
  const done = (async () => {
    for (let n = 0; running; n++) {
      const issuedAt = performance.now();
      try {
        const { id } = await pc.api.call('cost.add', {
          year: 2026,
          vendor: 'Cantook',
          label: `Ligne ${n}`,
          pricing: 'flat',
          amount: '10,00',
        });
        edits.push({ issuedAt, settledAt: performance.now(), id });
      } catch (error) {
        const { code, message } = error as AppError;
        edits.push({ issuedAt, settledAt: performance.now(), code, message });
      }
      // A person's pace, quickened: without a pause the loop would take the whole event loop, which also
      // serves the import's worker and the in-process central service the CLI talks to.
      await setTimeout(staffPauseMs);
    }
  })();
  return {
    edits,
    during: (from: number, to: number) => edits.filter((e) => e.settledAt > from && e.issuedAt < to),
    stop: async () => {
      running = false;
      await done;
    },
  };
}

const costIds = (sqlite: BetterSqlite3.Database) =>
  new Set(sqlite.prepare('SELECT id FROM service_cost').pluck().all() as string[]);

beforeAll(async () => {
  central = await startTestCentral();
  for (const email of ['anne@lot.fr', 'claire@lot.fr']) await central.addUser(email, 'agent', password);
  await seedServer(await openDesktop(dir, 'Anne'));
}, 180_000);

describe('staff edits while everything else writes', () => {
  it('are applied or answered DB_BUSY, never INTERNAL, and none is lost', async () => {
    const claire = await openDesktop(dir, 'Claire');
    const login = await mednum(
      ['login', '--server', central.url, '--email', 'claire@lot.fr', '--password-stdin'],
      password,
    );
    expect(login.stderr).toBe('');
    const { id: libraryId } = await claire.api.call('library.add', {
      name: 'Médiathèque de Figeac',
      commune: '46102',
      ils: 'koha',
    });
    const file = generatePatronFile({ rows: importRows, prefix: 'F', seed: 7, badShare: 0.01 });
    const phases: Record<string, { from: number; to: number }> = {};
    const timed = async <T>(name: string, work: Promise<T>): Promise<T> => {
      const from = performance.now();
      const value = await work;
      phases[name] = { from, to: performance.now() };
      return value;
    };

    const staff = editLoop(claire);
    const cliSync = timed('cli sync', mednum(['sync']));
    const session = await timed(
      'import analysis',
      claire.api.call('import.open', {
        libraryId,
        fileName: 'figeac.csv',
        content: file.bytes.toString('base64'),
      }),
    );
    const commit = timed('import commit', claire.api.call('import.commit', { sessionId: session.sessionId }));
    const backup = await timed('backup', claire.api.call('backup.create', {}));
    const restore = await timed('restore', claire.api.call('backup.restore', { id: backup.id }));
    const committed = await commit;
    const cli = await cliSync;
    await staff.stop();

    // Everything ran at once: edits were made while each of the others was under way.
    for (const [name, phase] of Object.entries(phases))
      expect(staff.during(phase.from, phase.to).length, `edits during ${name}`).toBeGreaterThan(0);
    expect(cli.code, cli.stderr).toBe(0);
    expectNoStackTrace(cli.stderr);

    const refused = staff.edits.filter((edit) => edit.code !== undefined);
    expect(refused.filter((edit) => edit.code !== 'DB_BUSY')).toEqual([]);
    for (const edit of refused) expect(edit.message).toMatch(/^La base est occupée/);
    const applied = staff.edits.filter((edit) => edit.id !== undefined);
    expect(applied.length).toBeGreaterThan(50);

    // Nothing lost: an applied edit is in the file, or — made before the restore — in the copy it kept.
    const now = costIds(claire.context.database.sqlite);
    const keptCopy = new BetterSqlite3(restore.safetyCopy.file, { readonly: true });
    const before = costIds(keptCopy);
    const batchInCopy = keptCopy.prepare('SELECT 1 FROM import_batch WHERE id = ?').get(committed.batchId);
    keptCopy.close();
    const restoreEnd = phases.restore?.to ?? 0;
    for (const edit of applied) {
      const id = edit.id as string;
      expect(now.has(id) || before.has(id), `edit ${id}`).toBe(true);
      if (edit.issuedAt > restoreEnd) expect(now.has(id), `edit ${id} after the restore`).toBe(true);
    }
    const batchNow = claire.context.database.sqlite
      .prepare('SELECT created FROM import_batch WHERE id = ?')
      .get(committed.batchId);
    expect(batchNow !== undefined || batchInCopy !== undefined).toBe(true);
    // Checked as the next start would, on a connection of its own: a long-lived connection's trigram index
    // may answer integrity_check from its cached structure, older than what other connections wrote.
    const fresh = new BetterSqlite3(claire.context.database.path, { readonly: true });
    expect(fresh.pragma('integrity_check', { simple: true })).toBe('ok');
    fresh.close();

    // Whatever the restore took back, the next sync brings the server's patrons back in full.
    await claire.api.call('sync.login', { serverUrl: central.url, email: 'claire@lot.fr', password });
    await claire.api.call('sync.now', {});
    const seeded = claire.context.database.sqlite
      .prepare('SELECT count(*) FROM patron WHERE library_id = ?')
      .pluck()
      .get(seededLibrary);
    expect(seeded).toBe(snapshotPatrons);

    const busy = refused.length;
    const waits = applied.map((edit) => edit.settledAt - edit.issuedAt).sort((a, b) => a - b);
    process.stdout.write(
      `concurrent writes: ${applied.length} edits applied, ${busy} DB_BUSY, longest wait ${Math.round(
        waits.at(-1) ?? 0,
      )} ms; ${Object.entries(phases)
        .map(([name, { from, to }]) => `${name} ${Math.round(to - from)} ms`)
        .join(', ')}\n`,
    );
  }, 300_000);
});
