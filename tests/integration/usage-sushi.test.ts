import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { stagingDirFor } from '../../electron/services/import/staged-files.ts';
import { fileSecretStore } from '../../electron/services/sync/secret-store.ts';
import { sushiHandlers } from '../../electron/services/usage/sushi-handlers.ts';
import { createApi } from '../../shared/api.ts';
import { startSushiServer, sushiApiKey, sushiRequestor } from '../helpers/sushi-server.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

type R5 = {
  Report_Items: {
    Performance: { Period: { Begin_Date: string }; Instance: { Metric_Type: string; Count: number }[] }[];
  }[];
};
/** The fixture's Total_Item_Requests per month, read straight from its JSON. */
function requestsPerMonth(): Record<string, number> {
  const text = fs.readFileSync(path.join(repoRoot, 'tests/fixtures/usage/pr-r5-cafeyn.json'), 'utf8');
  const sums: Record<string, number> = {};
  for (const item of (JSON.parse(text) as R5).Report_Items)
    for (const p of item.Performance)
      for (const i of p.Instance)
        if (i.Metric_Type === 'Total_Item_Requests') {
          const month = p.Period.Begin_Date.slice(0, 7);
          sums[month] = (sums[month] ?? 0) + i.Count;
        }
  return sums;
}

/** Every file under `dir` but the secrets' folder: the database, its WAL, the logs, staged files. */
function filesOutsideSecrets(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !f.startsWith(path.join(dir, 'secrets')));
}

describe('usage from a vendor’s SUSHI server: sources, fetch, preview, commit', async () => {
  const dir = tempDir();
  const server = await startSushiServer();
  const context = await openAppContext({
    databasePath: path.join(dir, 'usage.sqlite'),
    version: 'test',
    sync: { secrets: fileSecretStore(path.join(dir, 'secrets')) },
  });
  afterAll(async () => {
    await context.close();
    await server.close();
  });
  const api = createApi(localInvoke(openGate(context)));
  await api.call('settings.update', { staffName: 'Claire Agent' });
  const imports = () => context.database.sqlite.prepare('SELECT count(*) FROM usage_import').pluck().get();
  const figures = () => context.database.sqlite.prepare('SELECT count(*) FROM usage_month').pluck().get();
  const staged = () =>
    fs.existsSync(stagingDirFor(context.database.path))
      ? fs.readdirSync(stagingDirFor(context.database.path))
      : [];
  const source = (
    name: string,
    customerId: string,
    secrets: { requestorId?: string; apiKey?: string } = { requestorId: sushiRequestor, apiKey: sushiApiKey },
  ) =>
    api.call('usage.sushi.save', { name, baseUrl: server.baseUrl, customerId, ...secrets, reports: ['PR'] });

  it('stores a source without its secrets, and says only whether they are stored', async () => {
    const saved = await source('Cafeyn', 'BDP46-0042');
    expect(saved).toEqual({
      id: saved.id,
      name: 'Cafeyn',
      baseUrl: server.baseUrl,
      customerId: 'BDP46-0042',
      reports: ['PR'],
      requestorIdStored: true,
      apiKeyStored: true,
    });
    expect(JSON.stringify(await api.call('usage.sushi.list', {}))).not.toContain(sushiApiKey);
    // Updated without secrets: the stored ones stay.
    const updated = await api.call('usage.sushi.save', {
      id: saved.id,
      name: 'Cafeyn',
      baseUrl: `${server.baseUrl}/`,
      customerId: 'BDP46-0042',
    });
    expect(updated).toMatchObject({ requestorIdStored: true, apiKeyStored: true, reports: ['PR'] });
  });

  it('refuses an address in clear outside this machine', async () => {
    await expect(
      api.call('usage.sushi.save', { name: 'X', baseUrl: 'http://sushi.example.org/r5', customerId: 'c' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/https:\/\//) });
  });

  it('fetches a report, shows its preview with nothing written, then commits the figures of the fixture', async () => {
    const fetched = await api.call('usage.sushi.fetch', {
      sourceId: 'Cafeyn',
      begin: '2026-01',
      end: '2026-06',
    });
    const asked = server.requests.at(-1) as URL;
    expect(asked.pathname).toBe('/sushi/reports/pr');
    expect(Object.fromEntries(asked.searchParams)).toEqual({
      customer_id: 'BDP46-0042',
      requestor_id: sushiRequestor,
      api_key: sushiApiKey,
      begin_date: '2026-01',
      end_date: '2026-06',
    });
    expect(fetched).toMatchObject({
      platform: 'Cafeyn',
      platforms: ['Cafeyn'],
      reportId: 'PR',
      importable: true,
    });
    expect(imports()).toBe(0);
    expect(figures()).toBe(0);
    const fromPreview = Object.fromEntries(
      fetched.totals.filter((t) => t.metric === 'Total_Item_Requests').map((t) => [t.month, t.count]),
    );
    expect(fromPreview).toEqual(requestsPerMonth());

    const committed = await api.call('usage.commit', {
      fileName: fetched.fileName,
      fileId: fetched.fileId,
      platform: fetched.platform,
      sha256: fetched.sha256,
    });
    expect(committed).toMatchObject({ rows: fetched.rows, total: fetched.total });
    const totals = await api.call('usage.totals', { year: 2026 });
    expect(
      Object.fromEntries(
        totals.byPlatform
          .filter((r) => r.platform === 'Cafeyn' && r.metric === 'Total_Item_Requests')
          .map((r) => [r.month, r.count]),
      ),
    ).toEqual(requestsPerMonth());
    expect(staged()).toEqual([]);
  });

  it('imports a report whose exception 3030 says no usage as zero months', async () => {
    await source('Storyplay*r', 'lot46');
    const fetched = await api.call('usage.sushi.fetch', {
      sourceId: 'Storyplay*r',
      begin: '2026-01',
      end: '2026-03',
    });
    expect(fetched).toMatchObject({ noUsage: true, importable: true, total: 0 });
    expect(fetched.exceptions.map((e) => e.code)).toEqual([3030]);
    const { fileName, fileId, platform, sha256 } = fetched;
    expect(await api.call('usage.commit', { fileName, fileId, platform, sha256 })).toMatchObject({
      total: 0,
    });
  });

  const refusals: [string, string, { requestorId?: string; apiKey?: string } | undefined, string, RegExp][] =
    [
      [
        'refused by HTTP 401',
        'refus-http',
        undefined,
        'SUSHI_CREDENTIALS_REFUSED',
        /refuse les identifiants \(HTTP 401\)/,
      ],
      [
        'refused by exception 2000',
        'BDP46-0042',
        { requestorId: 'autre', apiKey: sushiApiKey },
        'SUSHI_CREDENTIALS_REFUSED',
        /refuse les identifiants.*exception 2000/,
      ],
      [
        'refused by exception 2020 (bad key)',
        'BDP46-0042',
        { requestorId: sushiRequestor, apiKey: 'fausse' },
        'SUSHI_CREDENTIALS_REFUSED',
        /exception 2020/,
      ],
      [
        'throttled by exception 1020',
        'limite',
        undefined,
        'SUSHI_THROTTLED',
        /limite les requêtes : réessayez dans 5 minutes/,
      ],
      ['throttled by HTTP 429', 'limite-429', undefined, 'SUSHI_THROTTLED', /réessayez dans 45 secondes/],
      ['not ready (3031)', 'pas-pret', undefined, 'SUSHI_NOT_READY', /pas encore les chiffres/],
      ['a bare 3030 without a header', 'zero-nu', undefined, 'SUSHI_NO_USAGE', /aucun usage/],
      [
        'a page that is not COUNTER JSON',
        'page-html',
        undefined,
        'SUSHI_NOT_COUNTER',
        /pas renvoyé un rapport COUNTER/,
      ],
    ];
  it.each(refusals)(
    'says in French when %s, and writes nothing',
    async (label, customer, secrets, code, message) => {
      const name = `Plateforme ${label}`;
      await source(name, customer, secrets);
      const before = [imports(), figures()];
      const error = await api
        .call('usage.sushi.fetch', { sourceId: name, begin: '2026-01', end: '2026-06' })
        .catch((e) => e);
      expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
      expect(error.message).not.toContain(sushiApiKey);
      expect([imports(), figures()]).toEqual(before);
      expect(staged()).toEqual([]);
    },
  );

  it('says so when the server is unreachable', async () => {
    await api.call('usage.sushi.save', {
      name: 'Éteint',
      baseUrl: 'http://127.0.0.1:9/sushi',
      customerId: 'c',
    });
    await expect(
      api.call('usage.sushi.fetch', { sourceId: 'Éteint', begin: '2026-01', end: '2026-01' }),
    ).rejects.toMatchObject({
      code: 'SUSHI_UNREACHABLE',
      message: expect.stringMatching(/injoignable/),
    });
  });

  it('gives up on a server that does not answer in time, and on a body beyond the cap', async () => {
    const strict = sushiHandlers(context, { timeoutMs: 300, maxBytes: 1024 * 1024 });
    await source('Lent', 'lent');
    await source('Énorme', 'enorme');
    const started = Date.now();
    await expect(
      strict['usage.sushi.fetch']({ sourceId: 'Lent', begin: '2026-01', end: '2026-01' }),
    ).rejects.toMatchObject({
      code: 'SUSHI_TIMEOUT',
    });
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(
      strict['usage.sushi.fetch']({ sourceId: 'Énorme', begin: '2026-01', end: '2026-01' }),
    ).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: expect.stringMatching(/dépasse/),
    });
    expect(staged()).toEqual([]);
  });

  it('keeps the secrets out of the database file, its journal, the logs and staged files; removing a source forgets them', async () => {
    context.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of filesOutsideSecrets(dir)) {
      const bytes = fs.readFileSync(file);
      expect(bytes.includes(sushiApiKey), file).toBe(false);
      expect(bytes.includes(sushiRequestor), file).toBe(false);
    }
    const [cafeyn] = (await api.call('usage.sushi.list', {})).filter((s) => s.name === 'Cafeyn');
    const secretsBefore = fs.readdirSync(path.join(dir, 'secrets')).length;
    expect(await api.call('usage.sushi.remove', { id: cafeyn?.id ?? '' })).toEqual({
      id: cafeyn?.id,
      removed: true,
    });
    expect(fs.readdirSync(path.join(dir, 'secrets')).length).toBe(secretsBefore - 2);
    expect((await api.call('usage.sushi.list', {})).some((s) => s.name === 'Cafeyn')).toBe(false);
  });
});
