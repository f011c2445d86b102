import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { type Api, createApi } from '../../shared/api.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * A staff edit meets another connection holding the write lock (an import commit, a restore, a CLI in
 * another process): it waits for it without freezing the app, and past the bounded wait it is refused
 * with DB_BUSY in French, having written nothing.
 */
const dir = tempDir('mednum-write-lock-');
const waitMs = 600;
let context: AppContext;
let api: Api;
let other: BetterSqlite3.Database;

const costLine = (label: string) => ({
  year: 2026,
  vendor: 'Cantook',
  label,
  pricing: 'flat' as const,
  amount: '120,00',
});
const costs = () => context.database.sqlite.prepare('SELECT count(*) FROM service_cost').pluck().get();

/** Another connection takes the write lock (and writes) for `ms`, as an import commit would. */
async function holdLock(ms: number) {
  other.exec('BEGIN IMMEDIATE');
  other.prepare("UPDATE setting SET value = value WHERE key = 'departement'").run();
  await sleep(ms);
  other.exec('COMMIT');
}

/** Counts event-loop turns while `work` runs: the app answers other calls meanwhile. */
async function turnsDuring<T>(work: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  const timer = setInterval(() => turns++, 10);
  try {
    return { value: await work, turns };
  } finally {
    clearInterval(timer);
  }
}

beforeAll(async () => {
  context = await openAppContext({
    databasePath: path.join(dir, 'lock.sqlite'),
    version: 'test',
    writeWaitMs: waitMs,
  });
  api = createApi(localInvoke(openGate(context)));
  await api.call('settings.update', { staffName: 'Claire Agent' });
  other = new BetterSqlite3(context.database.path);
});

afterAll(async () => {
  other.close();
  await context.close();
});

describe('a write while another connection holds the lock', () => {
  it('waits for it without blocking the event loop, then is applied', async () => {
    const before = costs();
    const held = holdLock(300);
    const started = performance.now();
    const { value, turns } = await turnsDuring(api.call('cost.add', costLine('Abonnement presse')));
    await held;
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(value.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(costs()).toBe(Number(before) + 1);
    // The event loop turned all along (a blocking busy_timeout would have frozen it for the whole wait).
    expect(turns).toBeGreaterThanOrEqual(10);
  });

  it('is refused with DB_BUSY in French past the bounded wait, and writes nothing', async () => {
    const before = costs();
    const held = holdLock(waitMs * 2.5);
    await expect(api.call('cost.add', costLine('Vidéo à la demande'))).rejects.toMatchObject({
      code: 'DB_BUSY',
      message:
        'La base est occupée par un autre traitement (import, synchronisation) : réessayez dans un instant.',
    });
    await held;
    expect(costs()).toBe(before);
    // Once the lock is free again, the same edit goes through.
    await api.call('cost.add', costLine('Vidéo à la demande'));
    expect(costs()).toBe(Number(before) + 1);
  });

  it('reads do not wait: a list answers while the lock is held', async () => {
    const held = holdLock(waitMs * 2);
    const started = performance.now();
    expect((await api.call('cost.list', { year: 2026 })).length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(200);
    await held;
  });
});
