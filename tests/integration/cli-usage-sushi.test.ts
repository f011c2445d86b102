import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoStackTrace, runCliAsync } from '../helpers/cli.ts';
import { cliTestTimeout } from '../helpers/cli-base.ts';
import { startSushiServer, sushiApiKey, sushiRequestor } from '../helpers/sushi-server.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

/** The fixture's Total_Item_Requests over its six months, read from the JSON directly. */
function fixtureRequests(): number {
  const report = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'tests/fixtures/usage/pr-r5-cafeyn.json'), 'utf8'),
  ) as { Report_Items: { Performance: { Instance: { Metric_Type: string; Count: number }[] }[] }[] };
  return report.Report_Items.flatMap((i) => i.Performance.flatMap((p) => p.Instance))
    .filter((i) => i.Metric_Type === 'Total_Item_Requests')
    .reduce((sum, i) => sum + i.Count, 0);
}

describe('mednum usage sushi list|add|remove|fetch', { timeout: cliTestTimeout }, async () => {
  const dir = tempDir();
  const db = path.join(dir, 'usage.sqlite');
  const server = await startSushiServer();
  afterAll(() => server.close());
  const cli = (args: string[], stdin?: string) => runCliAsync(dir, db, args, { stdin });
  const outputs: string[] = [];
  const seen = <T extends { stdout: string; stderr: string }>(result: T): T => {
    outputs.push(result.stdout, result.stderr);
    return result;
  };

  it('adds a source with its secrets read from stdin, and lists it saying only that they are stored', async () => {
    const added = seen(
      await cli(
        [
          'usage',
          'sushi',
          'add',
          'Cafeyn',
          '--url',
          server.baseUrl,
          '--customer',
          'BDP46-0042',
          '--requestor-stdin',
          '--api-key-stdin',
        ],
        `${sushiRequestor}\n${sushiApiKey}\n`,
      ),
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/Demandeur enregistré : oui ; clé enregistrée : oui/);
    const listed = seen(await cli(['usage', 'sushi', 'list', '--json']));
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        name: 'Cafeyn',
        requestorIdStored: true,
        apiKeyStored: true,
        reports: ['PR'],
      }),
    ]);
  });

  it('fetches with --dry-run (nothing written), then imports: the totals are the fixture’s', async () => {
    const dry = seen(
      await cli(['usage', 'sushi', 'fetch', 'Cafeyn', '--begin', '2026-01', '--end', '2026-06', '--dry-run']),
    );
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toMatch(/^Rapport PR \(plateforme, COUNTER 5\) : Cafeyn, janvier à juin 2026/);
    expect(dry.stdout).toMatch(/Aperçu seulement : rien n’a été enregistré\./);
    expect(JSON.parse(seen(await cli(['usage', 'list', '--json'])).stdout)).toEqual([]);

    const imported = seen(
      await cli([
        'usage',
        'sushi',
        'fetch',
        'Cafeyn',
        '--begin',
        '2026-01',
        '--end',
        '2026-06',
        '--by',
        'Claire',
        '--json',
      ]),
    );
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout).batchId).toMatch(/^[0-9a-f-]{36}$/);
    const totals = JSON.parse(seen(await cli(['usage', 'totals', '--year', '2026', '--json'])).stdout) as {
      byPlatform: { platform: string; metric: string; count: number }[];
    };
    const requests = totals.byPlatform
      .filter((r) => r.platform === 'Cafeyn' && r.metric === 'Total_Item_Requests')
      .reduce((sum, r) => sum + r.count, 0);
    expect(requests).toBe(fixtureRequests());
  });

  it('refuses in French with exit 1 when the vendor refuses the credentials', async () => {
    seen(await cli(['usage', 'sushi', 'add', 'Refus', '--url', server.baseUrl, '--customer', 'refus-http']));
    const refused = seen(
      await cli(['usage', 'sushi', 'fetch', 'Refus', '--begin', '2026-01', '--end', '2026-01']),
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/refuse les identifiants \(HTTP 401\)/);
    expectNoStackTrace(refused.stderr);
  });

  it('never prints the secrets nor writes them in the database; remove forgets the source', async () => {
    const removed = seen(await cli(['usage', 'sushi', 'remove', 'Cafeyn']));
    expect(removed.code).toBe(0);
    for (const output of outputs) {
      expect(output).not.toContain(sushiApiKey);
      expect(output).not.toContain(sushiRequestor);
    }
    for (const file of fs.readdirSync(dir).filter((f) => f.startsWith('usage.sqlite'))) {
      expect(fs.readFileSync(path.join(dir, file)).includes(sushiApiKey), file).toBe(false);
      expect(fs.readFileSync(path.join(dir, file)).includes(sushiRequestor), file).toBe(false);
    }
    expect(JSON.parse((await cli(['usage', 'sushi', 'list', '--json'])).stdout)).toEqual([
      expect.objectContaining({ name: 'Refus' }),
    ]);
  });
});
