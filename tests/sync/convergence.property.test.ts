import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  httpTransport,
  type SyncRequest,
  type SyncResponse,
} from '../../electron/services/sync/transport.ts';
import { allowedMoves, type OnboardingStatus } from '../../shared/domain/onboarding.ts';
import { type MutationResult, pushResponseSchema } from '../../shared/sync/protocol.ts';
import { grandFigeac, quercyBlanc } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';
import { password, startTestCentral } from './helpers/central.ts';
import { type Desktop, openDesktop } from './helpers/desktop.ts';
import { type Fault, faults, faultyTransport, scriptedPlan } from './helpers/fault-transport.ts';
import { serverRows } from './helpers/server-state.ts';

/**
 * Random edits on two PCs, random transport faults (lost requests, lost answers after commit, duplicates,
 * delays, server restarts), then syncs without faults until quiet. Whatever happened:
 * - every PC holds exactly the server's rows (convergence);
 * - every change queued on a PC ended applied, rejected or conflict — with one result, never two;
 * - no pull cursor ever moved back.
 * The same server and PCs carry over from run to run: each run starts from what the last one left.
 */
const dir = tempDir('mednum-sync-prop-');
const runs = Number(process.env.SYNC_PROPERTY_RUNS ?? 200);

type Op =
  | { kind: 'status'; pc: number; siren: string; pick: number }
  | { kind: 'nextAction'; pc: number; siren: string; text: string }
  | { kind: 'addContact'; pc: number; siren: string; name: string }
  | { kind: 'editContact'; pc: number; pick: number; phone: string }
  | { kind: 'removeContact'; pc: number; pick: number }
  | { kind: 'sync'; pc: number };

const pcs = 2;
const sirens = [grandFigeac, quercyBlanc];
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('status'),
    pc: fc.nat(pcs - 1),
    siren: fc.constantFrom(...sirens),
    pick: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('nextAction'),
    pc: fc.nat(pcs - 1),
    siren: fc.constantFrom(...sirens),
    text: fc.constantFrom('Relancer', 'Envoyer la convention', ''),
  }),
  fc.record({
    kind: fc.constant('addContact'),
    pc: fc.nat(pcs - 1),
    siren: fc.constantFrom(...sirens),
    name: fc.constantFrom('Mme Delpech', 'M. Bru'),
  }),
  fc.record({
    kind: fc.constant('editContact'),
    pc: fc.nat(pcs - 1),
    pick: fc.nat(),
    phone: fc.constantFrom('05 65 00 00 01', '05 65 00 00 02'),
  }),
  fc.record({ kind: fc.constant('removeContact'), pc: fc.nat(pcs - 1), pick: fc.nat() }),
  fc.record({ kind: fc.constant('sync'), pc: fc.nat(pcs - 1) }),
);
const faultArb = fc.array(fc.constantFrom<Fault>(...faults), { maxLength: 4 });

let central: Awaited<ReturnType<typeof startTestCentral>>;
let desktops: Desktop[];
const plans: ReturnType<typeof scriptedPlan>[] = [];
/** Every result the server gave, by mutation id (duplicated requests give the stored one again). */
const results = new Map<string, MutationResult[]>();

function recordResults(request: SyncRequest, response: SyncResponse) {
  if (request.path !== '/sync/push' || response.status !== 200) return;
  const body = pushResponseSchema.parse(JSON.parse(Buffer.from(response.body).toString('utf8')));
  for (const result of body.results)
    results.set(result.mutationId, [...(results.get(result.mutationId) ?? []), result]);
}

beforeAll(async () => {
  central = await startTestCentral();
  let restarting = Promise.resolve();
  // Two clients may both draw "restart": one restart at a time, as a real service would go down once.
  const server = { restart: () => (restarting = restarting.then(() => central.restart())) };
  await central.addUser('anne@lot.fr', 'agent', password);
  await central.addUser('bruno@lot.fr', 'agent', password);
  await central.addUser('controle@lot.fr', 'reader', password, { personalData: true });
  desktops = [];
  for (const [i, name] of ['Anne', 'Bruno'].entries()) {
    const plan = scriptedPlan([]);
    plans.push(plan);
    const desktop = await openDesktop(dir, name, {
      transport: (url) =>
        faultyTransport(
          httpTransport(url),
          { next: (r) => plans[i]?.next(r) ?? 'none' },
          server,
          recordResults,
        ),
    });
    await desktop.api.call('sync.login', {
      serverUrl: central.url,
      email: i ? 'bruno@lot.fr' : 'anne@lot.fr',
      password,
    });
    desktops.push(desktop);
  }
});

async function perform(op: Op) {
  const { api } = desktops[op.pc] as Desktop;
  const contacts = async () => (await api.call('epci.get', { siren: grandFigeac })).contacts;
  switch (op.kind) {
    case 'status': {
      const current = (await api.call('epci.get', { siren: op.siren })).status as OnboardingStatus;
      const moves = allowedMoves(current).filter((s) => s !== 'convention_signed' && s !== 'active');
      const status = moves[op.pick % moves.length] ?? 'left';
      return api.call('epci.setStatus', { siren: op.siren, status });
    }
    case 'nextAction':
      return api.call('epci.updateFollowUp', { siren: op.siren, nextAction: op.text, nextActionDue: null });
    case 'addContact':
      return api.call('contact.add', { siren: grandFigeac, name: op.name, role: '', email: '', phone: '' });
    case 'editContact': {
      const list = await contacts();
      const contact = list[op.pick % Math.max(1, list.length)];
      if (contact) return api.call('contact.update', { ...contact, phone: op.phone });
      return;
    }
    case 'removeContact': {
      const list = await contacts();
      const contact = list[op.pick % Math.max(1, list.length)];
      if (contact) return api.call('contact.remove', { id: contact.id });
      return;
    }
    case 'sync':
      return api.call('sync.now', {});
  }
}

async function outboxIds(desktop: Desktop): Promise<string[]> {
  const rows = await desktop.context.database.db.selectFrom('sync_outbox').select('mutation_id').execute();
  return rows.map((row) => row.mutation_id);
}

async function cursorOf(desktop: Desktop): Promise<number> {
  const state = await desktop.context.database.db
    .selectFrom('sync_state')
    .select('cursor')
    .executeTakeFirst();
  return state?.cursor ?? 0;
}

describe('convergence under faults (property)', () => {
  it(`holds for ${runs} random runs`, async () => {
    const queued = new Set<string>();
    const cursors = desktops.map(() => 0);
    const checkCursors = async () => {
      for (const [i, desktop] of desktops.entries()) {
        const cursor = await cursorOf(desktop);
        expect(cursor).toBeGreaterThanOrEqual(cursors[i] ?? 0);
        cursors[i] = cursor;
      }
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 6 }),
        fc.tuple(faultArb, faultArb),
        async (ops, scripts) => {
          scripts.forEach((script, i) => {
            plans[i] = scriptedPlan(script);
          });
          for (const op of ops) {
            // Business refusals (a contact removed meanwhile) and faults that outlast the retries are part of life.
            await perform(op).catch(() => undefined);
            for (const desktop of desktops) for (const id of await outboxIds(desktop)) queued.add(id);
            await checkCursors();
          }
          // Quiet: no more faults; sync everyone, then once more so each PC sees the others' last changes.
          plans.forEach((_, i) => {
            plans[i] = scriptedPlan([]);
          });
          for (let round = 0; round < 2; round++)
            for (const desktop of desktops) await desktop.api.call('sync.now', {});
          await checkCursors();

          for (const desktop of desktops) expect(await outboxIds(desktop)).toEqual([]);
          for (const id of queued) {
            const outcomes = results.get(id) ?? [];
            expect(outcomes.length, `mutation ${id} has no result`).toBeGreaterThan(0);
            // Retries and duplicates get the stored result back: one outcome per mutation, never two.
            expect(new Set(outcomes.map((r) => JSON.stringify(r))).size).toBe(1);
          }
          const truth = await serverRows(central.url, 'controle@lot.fr', password);
          for (const desktop of desktops) expect(await mirrorRows(desktop, truth)).toEqual(truth);
        },
      ),
      { numRuns: runs, endOnFailure: true },
    );
    // 200 runs of syncs: some 40 s alone, more beside another test file.
  }, 180_000);
});

/** The desktop's rows of the tables the server holds, in the server's shape, for comparison. */
async function mirrorRows(desktop: Desktop, truth: Map<string, Record<string, unknown>>) {
  const sqlite = desktop.context.database.sqlite;
  const mirror = new Map<string, Record<string, unknown>>();
  const tables = new Set([...truth.keys()].map((key) => key.split('/')[0] as string));
  for (const table of ['epci_followup', 'epci_event', 'contact', 'sync_conflict', ...tables]) {
    for (const row of sqlite.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]) {
      const key = `${table}/${row.id}`;
      const expected = truth.get(key);
      mirror.set(key, expected ? Object.fromEntries(Object.keys(expected).map((c) => [c, row[c]])) : row);
    }
  }
  return mirror;
}
