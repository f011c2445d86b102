import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSignIn } from '../../central/access/activity.ts';
import { buildApp, openContext } from '../../central/app.ts';
import { addUser } from '../../central/auth/users.ts';
import type { CentralContext } from '../../central/context.ts';
import { readAccessPolicy } from '../../db/queries/access-policy.ts';
import { activityServesMs } from '../../electron/services/access-handlers.ts';
import { activePatronsLayout } from '../../electron/services/reports/active-patrons-sheet.ts';
import { httpTransport, offline } from '../../electron/services/sync/transport.ts';
import { backends } from '../central/backends.ts';
import { grandFigeac } from '../helpers/app.ts';
import { migratedPgliteDump } from '../helpers/pglite-template.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';
import { csvCell, hasLibreOffice, poisoned, recalculateToCsv } from '../integration/reports/libreoffice.ts';
import { password } from './helpers/central.ts';
import { type Desktop, openDesktop } from './helpers/desktop.ts';

/**
 * Patron access administered from the desktop against a real central service (PGlite in memory): an admin
 * registers a platform (the secret once), an agent is refused in French, the policy reaches every PC's
 * copy, and the active patrons the central service counted from sign-ins reach the indicators.
 */
const dir = tempDir('mednum-sync-access-');
let ctx: CentralContext;
let url: string;
let anne: Desktop;
let bruno: Desktop;
let cut = false;
/** Bruno's clock, ahead of the others' (his copy of the counts grows old). */
let brunoAheadMs = 0;
const libraries: Record<'prayssac' | 'figeac', string> = { prayssac: '', figeac: '' };
const year = new Date().getFullYear();

const fixture = fs.readFileSync(path.join(repoRoot, 'tests/fixtures/import/francais-excel.csv'), 'latin1');

async function importFile(pc: Desktop, libraryId: string, text: string) {
  const session = await pc.api.call('import.open', {
    libraryId,
    fileName: 'lecteurs.csv',
    content: Buffer.from(text, 'latin1').toString('base64'),
  });
  return pc.api.call('import.commit', { sessionId: session.sessionId });
}

beforeAll(async () => {
  // The central service assembled as startCentral does, keeping its context: sign-ins are recorded
  // through central/access/activity.ts, as the OpenID Connect provider records them.
  // PGlite in memory; with DATABASE_URL (CI), a fresh database on that PostgreSQL server.
  const postgres = process.env.DATABASE_URL
    ? backends.find((candidate) => candidate.name === 'postgres')
    : undefined;
  const store = postgres ? await postgres.fresh() : undefined;
  // In memory, from the run's dump of a migrated database (helpers/pglite-template.ts), not initdb.
  const memoryDump = store ? undefined : await migratedPgliteDump();
  const opened = await openContext({ ...store?.options, memoryDump });
  ctx = opened.ctx;
  expect(ctx.backend).toBe(postgres ? 'postgres' : 'pglite');
  const app = buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  afterAll(async () => {
    await app.close();
    await opened.database.close();
    await store?.dispose();
  });
  await addUser(ctx, { email: 'anne@lot.fr', role: 'admin', password });
  await addUser(ctx, { email: 'bruno@lot.fr', role: 'agent', password });

  anne = await openDesktop(dir, 'Anne', {
    transport: (server) => {
      const inner = httpTransport(server);
      return { send: (request) => (cut ? Promise.reject(offline('coupé')) : inner.send(request)) };
    },
  });
  bruno = await openDesktop(dir, 'Bruno', { now: () => new Date(Date.now() + brunoAheadMs) });
  await anne.api.call('sync.login', { serverUrl: url, email: 'anne@lot.fr', password });
  await bruno.api.call('sync.login', { serverUrl: url, email: 'bruno@lot.fr', password });

  libraries.prayssac = (
    await anne.api.call('library.add', {
      name: 'Médiathèque de Prayssac',
      commune: '46225',
      ils: 'other',
      code: 'BIB-PRAYSSAC',
    })
  ).id;
  libraries.figeac = (
    await anne.api.call('library.add', {
      name: 'Médiathèque de Figeac',
      commune: '46102',
      ils: 'other',
      code: 'BIB-FIGEAC',
    })
  ).id;
  await importFile(anne, libraries.prayssac, fixture);
  await importFile(anne, libraries.figeac, fixture.replaceAll('46CZ', '46FG'));
  await anne.api.call('sync.now', {});
  await bruno.api.call('sync.now', {});
});

describe('platforms, registered by an admin from the desktop', () => {
  let clientId = '';

  it('registers a platform: the client id and the secret, shown this once', async () => {
    const registered = await anne.api.call('access.platform.register', {
      name: 'Cantook',
      redirectUris: ['https://cantook.example/oidc/retour'],
      sendCategory: true,
      sendAgeBand: false,
    });
    expect(registered).toMatchObject({ name: 'Cantook', sendCategory: true, sendAgeBand: false });
    expect(registered.clientSecret.length).toBeGreaterThanOrEqual(32);
    clientId = registered.clientId;

    const { platforms } = await anne.api.call('access.platform.list', {});
    expect(platforms.map((p) => p.clientId)).toEqual([clientId]);
    // Listed without the secret, ever.
    expect(JSON.stringify(platforms)).not.toContain(registered.clientSecret);
    expect(platforms[0]).not.toHaveProperty('clientSecret');
  });

  it('refuses an agent account, in French, for every change and for the list', async () => {
    const refusal = { code: 'FORBIDDEN', message: expect.stringMatching(/compte administrateur/) };
    await expect(
      bruno.api.call('access.platform.register', {
        name: 'Tout apprendre',
        redirectUris: ['https://toutapprendre.example/retour'],
        sendCategory: false,
        sendAgeBand: false,
      }),
    ).rejects.toMatchObject(refusal);
    await expect(bruno.api.call('access.platform.list', {})).rejects.toMatchObject(refusal);
    await expect(bruno.api.call('access.platform.remove', { clientId })).rejects.toMatchObject(refusal);
    await expect(
      bruno.api.call('access.policy.update', { graceDays: 0, openedEpcis: [] }),
    ).rejects.toMatchObject(refusal);
    expect((await anne.api.call('access.platform.list', {})).platforms).toHaveLength(1);
  });

  it('says so in French when the central service cannot be reached, and changes nothing', async () => {
    cut = true;
    try {
      await expect(anne.api.call('access.platform.remove', { clientId })).rejects.toMatchObject({
        code: 'SYNC_OFFLINE',
        message: expect.stringMatching(/injoignable : rien n’a été changé/),
      });
      const view = await anne.api.call('access.policy.get', { refresh: true });
      expect(view.refreshError?.code).toBe('SYNC_OFFLINE');
    } finally {
      cut = false;
    }
    expect((await anne.api.call('access.platform.list', {})).platforms).toHaveLength(1);
  });

  it('removes it: no longer listed', async () => {
    await anne.api.call('access.platform.remove', { clientId });
    expect((await anne.api.call('access.platform.list', {})).platforms).toEqual([]);
  });
});

describe('a central service without the access endpoints (an older version)', () => {
  it('does not fail the sync: the data goes through, the PC keeps its copy (here, the default rules)', async () => {
    const older = await openDesktop(dir, 'Ancienne', {
      transport: (server) => {
        const inner = httpTransport(server);
        return {
          send: (request) =>
            request.path.startsWith('/access')
              ? Promise.resolve({
                  status: 404,
                  headers: {},
                  body: new TextEncoder().encode(
                    JSON.stringify({
                      code: 'NOT_FOUND',
                      message: 'Adresse inconnue sur le serveur central.',
                    }),
                  ),
                })
              : inner.send(request),
        };
      },
    });
    await older.api.call('sync.login', { serverUrl: url, email: 'bruno@lot.fr', password });
    const outcome = await older.api.call('sync.now', {});
    expect(outcome.pulled).toBeGreaterThan(0);
    expect((await older.api.call('sync.status', {})).lastError).toBeNull();
    expect(await older.api.call('access.policy.get', {})).toMatchObject({
      fromCentral: false,
      fetchedAt: null,
    });
    expect((await older.api.call('access.activity.get', { year })).fetchedAt).toBeNull();
    // Asked directly, the refusal is said (in French), not hidden.
    await expect(older.api.call('access.activity.refresh', { year })).rejects.toMatchObject({
      code: 'SYNC_REFUSED',
      message: expect.stringMatching(/Adresse inconnue/),
    });
  });
});

describe('the access policy', () => {
  it('an admin’s change is cached on that PC at once, and on the others at their next sync', async () => {
    const policy = { graceDays: 12, openedEpcis: [grandFigeac] };
    const updated = await anne.api.call('access.policy.update', policy);
    expect(updated).toMatchObject({ policy, fromCentral: true, refreshError: null });
    expect(updated.connection).toEqual({
      issuerUrl: `${url}/oidc`,
      discoveryUrl: `${url}/oidc/.well-known/openid-configuration`,
    });
    // The eligibility rule's own reader sees it.
    expect(await readAccessPolicy(anne.context.database.db)).toEqual({ policy, fromCentral: true });

    expect((await readAccessPolicy(bruno.context.database.db)).policy).not.toEqual(policy);
    await bruno.api.call('sync.now', {});
    expect(await readAccessPolicy(bruno.context.database.db)).toEqual({ policy, fromCentral: true });
    const view = await bruno.api.call('access.policy.get', {});
    expect(view.fetchedAt).not.toBeNull();
  });
});

describe('active patrons', () => {
  /** Independent of the app: distinct patrons per library from the sign-ins this test records. */
  const signIns: { patronId: string; libraryId: string; clientId: string; month: number; year: number }[] =
    [];

  /** value × 10^digits, rounded half up, as the exact decimal string the indicators use. */
  function exactRatio(numerator: number, denominator: number, digits: number): string | null {
    if (denominator === 0) return null;
    const scale = 10n ** BigInt(digits);
    const scaled = (2n * BigInt(numerator) * scale + BigInt(denominator)) / (2n * BigInt(denominator));
    return `${scaled / scale}.${String(scaled % scale).padStart(digits, '0')}`;
  }

  beforeAll(async () => {
    const patrons = anne.context.database.sqlite
      .prepare('SELECT id, library_id AS libraryId FROM patron ORDER BY library_id, card_number')
      .all() as { id: string; libraryId: string }[];
    const atPrayssac = patrons.filter((p) => p.libraryId === libraries.prayssac);
    const atFigeac = patrons.filter((p) => p.libraryId === libraries.figeac);
    expect(atPrayssac.length).toBeGreaterThanOrEqual(4);
    const platforms = ['cantook', 'toutapprendre'];
    const plan = [
      // Three Prayssac patrons, one of them at both platforms and in two months: counted once.
      ...atPrayssac.slice(0, 3).map((p) => ({ patron: p, clientId: platforms[0] as string, month: 2 })),
      { patron: atPrayssac[0], clientId: platforms[1] as string, month: 5 },
      { patron: atPrayssac[0], clientId: platforms[0] as string, month: 5 },
      // One Figeac patron.
      { patron: atFigeac[0], clientId: platforms[1] as string, month: 3 },
      // Last year only: not active this year.
      { patron: atPrayssac[3], clientId: platforms[0] as string, month: 11, year: year - 1 },
    ];
    for (const step of plan) {
      const patron = step.patron as { id: string; libraryId: string };
      const when = step.year ?? year;
      await recordSignIn(
        { db: ctx.db, now: () => new Date(Date.UTC(when, step.month - 1, 15, 12)) },
        patron.id,
        step.clientId,
      );
      signIns.push({ patronId: patron.id, libraryId: patron.libraryId, ...step, year: when });
    }
  });

  it('are pulled at the first sync once the copy is 15 minutes old, equal to a count made from the recorded sign-ins', async () => {
    // Bruno's earlier syncs pulled the year before anyone signed in: none active then.
    const before = await bruno.api.call('access.activity.get', { year });
    expect(before.active).toBe(0);
    // A sync within the quarter of an hour keeps that copy: the central service is not asked again.
    brunoAheadMs = activityServesMs - 60_000;
    await bruno.api.call('sync.now', {});
    expect(await bruno.api.call('access.activity.get', { year })).toMatchObject({
      active: 0,
      fetchedAt: before.fetchedAt,
    });
    brunoAheadMs = activityServesMs;
    await bruno.api.call('sync.now', {});
    const view = await bruno.api.call('access.activity.get', { year });
    expect(view.fetchedAt).not.toBe(before.fetchedAt);
    const thisYear = signIns.filter((s) => s.year === year);
    expect(view.active).toBe(new Set(thisYear.map((s) => s.patronId)).size);
    expect(view.active).toBe(4);
    for (const library of Object.values(libraries)) {
      const expected = new Set(thisYear.filter((s) => s.libraryId === library).map((s) => s.patronId)).size;
      expect(view.libraries.find((l) => l.libraryId === library)?.active).toBe(expected);
    }
    expect(view.months).toEqual([
      { month: 2, active: 3 },
      { month: 3, active: 1 },
      { month: 5, active: 1 },
    ]);
    // Last year's figures came with the same sync.
    expect((await bruno.api.call('access.activity.get', { year: year - 1 })).active).toBe(1);
    // The desktop stores counts only: no patron id reached its table.
    const stored = JSON.stringify(
      bruno.context.database.sqlite.prepare('SELECT * FROM access_activity').all(),
    );
    for (const s of signIns) expect(stored).not.toContain(s.patronId);
  });

  it('« access.activity.refresh » asks at once, and the indicators per EPCI follow the libraries', async () => {
    const refreshed = await anne.api.call('access.activity.refresh', { year });
    expect(refreshed.active).toBe(4);
    const indicators = await anne.api.call('indicators.compute', { year });
    const libraryRows = refreshed.libraries;
    expect(indicators.activePatrons).toBe(4);
    expect(indicators.activityFetchedAt).toBe(refreshed.fetchedAt);
    for (const e of indicators.epci) {
      const active = libraryRows.filter((l) => l.epci === e.epci).reduce((sum, l) => sum + l.active, 0);
      expect(e.activePatrons, e.name).toBe(active);
      expect(e.activePer1000, e.name).toBe(exactRatio(active * 1000, e.population, 1));
      expect(e.activeShare, e.name).toBe(exactRatio(active * 100, e.patrons, 1));
    }
    const figeac = indicators.epci.find((e) => e.epci === grandFigeac);
    expect(figeac?.activePatrons).toBe(1);
    expect(indicators.activeShare).toBe(exactRatio(4 * 100, indicators.patrons, 1));
    expect(indicators.patrons).toBe(
      anne.context.database.sqlite.prepare('SELECT count(*) FROM patron WHERE registered = 1').pluck().get(),
    );
  });

  it('a year never pulled says so (null), not zero', async () => {
    const indicators = await anne.api.call('indicators.compute', { year: year + 1 });
    expect(indicators).toMatchObject({ activePatrons: null, activityFetchedAt: null, activeShare: null });
  });

  it.skipIf(!hasLibreOffice)(
    'the financing workbook’s « Lecteurs actifs » sheet, recalculated by LibreOffice, equals the app’s figures',
    async () => {
      const report = await anne.api.call('report.financing', { year, scenarios: [], keep: false });
      const file = path.join(dir, 'rapport-lecteurs-actifs.xlsx');
      // Every cached formula result wrong: only a recalculation gives the figures compared below.
      fs.writeFileSync(file, await poisoned(Buffer.from(report.content, 'base64')));
      const sheet = (await recalculateToCsv(file, dir)).get('Lecteurs actifs');
      expect(sheet).toBeDefined();
      if (!sheet) return;
      const indicators = await anne.api.call('indicators.compute', { year });
      const activity = await anne.api.call('access.activity.get', { year });
      const { firstRow } = activePatronsLayout;
      const rowOf = (name: string, kind: RegExp) => {
        const index = sheet.findIndex(
          (cells, i) => i + 1 >= firstRow && cells[0]?.trim() === name && kind.test(cells[1] ?? ''),
        );
        expect(index, name).toBeGreaterThanOrEqual(0);
        return index + 1;
      };
      /** A one-decimal figure as the app writes it ("12.5"), or null for an empty cell. */
      const decimal = (address: string) => {
        const raw = csvCell(sheet, address);
        return raw === '' ? null : Number(raw).toFixed(1);
      };
      for (const e of indicators.epci) {
        const r = rowOf(e.name, /^EPCI/);
        expect(Number(csvCell(sheet, `C${r}`)), e.name).toBe(e.activePatrons);
        expect(Number(csvCell(sheet, `D${r}`)), e.name).toBe(e.patrons);
        expect(Number(csvCell(sheet, `E${r}`)), e.name).toBe(e.population);
        expect(decimal(`F${r}`), e.name).toBe(e.activeShare);
        expect(decimal(`G${r}`), e.name).toBe(e.activePer1000);
      }
      for (const l of activity.libraries) {
        const r = rowOf(l.name, /bibliothèque/);
        expect(Number(csvCell(sheet, `C${r}`)), l.name).toBe(l.active);
        expect(Number(csvCell(sheet, `D${r}`)), l.name).toBe(l.registered);
        expect(decimal(`F${r}`), l.name).toBe(l.activeShare);
      }
      const total = rowOf('Département (lecteurs distincts ; habitants des EPCI couverts)', /Département/);
      expect(Number(csvCell(sheet, `C${total}`))).toBe(indicators.activePatrons);
      expect(Number(csvCell(sheet, `D${total}`))).toBe(indicators.patrons);
      expect(Number(csvCell(sheet, `E${total}`))).toBe(indicators.coveredPopulation);
      expect(decimal(`F${total}`)).toBe(indicators.activeShare);
      expect(decimal(`G${total}`)).toBe(indicators.activePer1000);
    },
    180_000,
  );
});
