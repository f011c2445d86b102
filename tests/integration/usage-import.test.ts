import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTestApp } from '../helpers/app.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

const fixturePath = (name: string) => path.join(repoRoot, 'tests/fixtures/usage', name);
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const sha256 = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

type R5 = {
  Report_Items: {
    Performance: { Period: { Begin_Date: string }; Instance: { Metric_Type: string; Count: number }[] }[];
  }[];
};
/** The fixture's Total_Item_Requests per month, read straight from its JSON. */
function requestsPerMonth(text: string): Record<string, number> {
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

describe('usage import on a real SQLite file: preview, commit, totals, re-import replacing, undo', async () => {
  const dir = tempDir();
  const { api, context } = await openTestApp(dir, 'usage.sqlite');
  const first = fs.readFileSync(fixturePath('pr-r5-cafeyn.json'), 'utf8');
  // The vendor's corrected report for the same months: every Total_Item_Requests count plus 10.
  const corrected = first.replace(
    /("Metric_Type": "Total_Item_Requests",\s*"Count": )(\d+)/g,
    (_, head, n) => `${head}${Number(n) + 10}`,
  );
  const cafeynRequests = async () => {
    const totals = await api.call('usage.totals', { year: 2026 });
    return Object.fromEntries(
      totals.byPlatform
        .filter((r) => r.platform === 'Cafeyn' && r.metric === 'Total_Item_Requests')
        .map((r) => [r.month, r.count]),
    );
  };
  const storedRows = () => context.database.sqlite.prepare('SELECT count(*) FROM usage_month').pluck().get();

  it('previews a report without writing, then commits it: the year’s totals equal the file’s', async () => {
    const preview = await api.call('usage.preview', { fileName: 'cafeyn-pr.json', content: base64(first) });
    expect(preview).toMatchObject({
      sha256: sha256(first),
      release: '5',
      reportId: 'PR',
      platforms: ['Cafeyn'],
      period: 'janvier à juin 2026',
      importable: true,
      problems: [],
      replaces: [],
      alreadyImported: null,
    });
    const fromPreview = Object.fromEntries(
      preview.totals.filter((t) => t.metric === 'Total_Item_Requests').map((t) => [t.month, t.count]),
    );
    expect(fromPreview).toEqual(requestsPerMonth(first));
    expect(storedRows()).toBe(0);

    const committed = await api.call('usage.commit', {
      fileName: 'cafeyn-pr.json',
      content: base64(first),
      sha256: preview.sha256,
    });
    expect(committed).toMatchObject({ rows: preview.rows, total: preview.total, replaced: 0 });
    expect(await cafeynRequests()).toEqual(requestsPerMonth(first));
    const [listed] = await api.call('usage.list', {});
    expect(listed).toMatchObject({
      id: committed.batchId,
      fileName: 'cafeyn-pr.json',
      actor: 'Claire Agent',
      platforms: ['Cafeyn'],
      firstMonth: '2026-01',
      lastMonth: '2026-06',
      undoneAt: null,
    });
    // The same file again: the preview says it was imported already.
    const again = await api.call('usage.preview', { fileName: 'copie.json', content: base64(first) });
    expect(again.alreadyImported?.batchId).toBe(committed.batchId);
  });

  it('a corrected report of the same months replaces the figures, and says so in its preview', async () => {
    const [earlier] = await api.call('usage.list', {});
    const preview = await api.call('usage.preview', {
      fileName: 'cafeyn-pr-v2.json',
      content: base64(corrected),
    });
    const day = new Date(earlier?.committedAt as string)
      .toISOString()
      .slice(0, 10)
      .split('-')
      .reverse()
      .join('/');
    expect(preview.replaces).toEqual([
      expect.objectContaining({
        batchId: earlier?.id,
        message: `remplace les chiffres de janvier à juin 2026 de Cafeyn importés le ${day} (cafeyn-pr.json)`,
      }),
    ]);
    const committed = await api.call('usage.commit', {
      fileName: 'cafeyn-pr-v2.json',
      content: base64(corrected),
      sha256: preview.sha256,
      by: 'Marc',
    });
    expect(committed.replaced).toBe(earlier?.rows);
    expect(await cafeynRequests()).toEqual(requestsPerMonth(corrected));
    expect(requestsPerMonth(corrected)['2026-01']).toBe((requestsPerMonth(first)['2026-01'] as number) + 20);
  });

  it('undo: the first import cannot go while the second replaced it; undoing the second restores the first', async () => {
    const [second, first_] = await api.call('usage.list', {});
    await expect(api.call('usage.undo', { batchId: first_?.id as string })).rejects.toMatchObject({
      code: 'USAGE_UNDO_BLOCKED',
      message: expect.stringMatching(/annulez d’abord celui-ci/),
    });
    const undone = await api.call('usage.undo', { batchId: second?.id as string });
    expect(undone).toEqual({ batchId: second?.id, removed: second?.rows, restored: first_?.rows });
    expect(await cafeynRequests()).toEqual(requestsPerMonth(first));
    await expect(api.call('usage.undo', { batchId: second?.id as string })).rejects.toMatchObject({
      code: 'ALREADY_UNDONE',
    });
    // Each import and undo is a journal line, worded from its event.
    const journal = await api.call('audit.list', { entity: 'usage_import' });
    expect(journal.entries.map((e) => [e.entityId, JSON.parse(e.after ?? '{}').event])).toEqual([
      [second?.id, 'usage_import_undone'],
      [second?.id, 'usage_import'],
      [first_?.id, 'usage_import'],
    ]);
    expect(JSON.parse(journal.entries[1]?.after ?? '{}')).toMatchObject({
      file: 'cafeyn-pr-v2.json',
      report: 'PR',
      platforms: ['Cafeyn'],
      rows: second?.rows,
      replaced: first_?.rows,
    });
    // Now the first can go too: nothing is left.
    await api.call('usage.undo', { batchId: first_?.id as string });
    expect(await cafeynRequests()).toEqual({});
    expect(storedRows()).toBe(0);
  });

  it('refuses a file changed since its preview, and a report with problems, writing nothing', async () => {
    const before = (await api.call('usage.list', {})).length;
    await expect(
      api.call('usage.commit', {
        fileName: 'cafeyn.json',
        content: base64(corrected),
        sha256: sha256(first),
      }),
    ).rejects.toMatchObject({
      code: 'USAGE_FILE_CHANGED',
      message: expect.stringMatching(/a changé depuis son aperçu/),
    });
    const bad = fs.readFileSync(fixturePath('bad-counts-r51.json'), 'utf8');
    const preview = await api.call('usage.preview', { fileName: 'bad.json', content: base64(bad) });
    expect(preview.importable).toBe(false);
    expect(preview.problems).toHaveLength(2);
    await expect(
      api.call('usage.commit', { fileName: 'bad.json', content: base64(bad), sha256: preview.sha256 }),
    ).rejects.toMatchObject({
      code: 'USAGE_FILE_INVALID',
      message: expect.stringMatching(
        /^Ce rapport n’est pas importé \(2 problèmes\) : ligne \d+ : nombre invalide « -4 »/,
      ),
    });
    const badRelease = fs.readFileSync(fixturePath('bad-release.json'), 'utf8');
    await expect(
      api.call('usage.preview', { fileName: 'r4.json', content: base64(badRelease) }),
    ).rejects.toMatchObject({
      code: 'USAGE_FILE_INVALID',
      message: expect.stringMatching(/Release 5 ou 5\.1 attendue/),
    });
    expect(await api.call('usage.list', {})).toHaveLength(before);
    expect(storedRows()).toBe(0);
  });

  it('a file by reference (the dialog’s choice), a tabular DR and a 3030 report of zero usage replacing months', async () => {
    const fileId = context.stagedFiles.choose(fixturePath('dr-r5-europresse.tsv'));
    const preview = await api.call('usage.preview', { fileName: 'dr.tsv', fileId });
    expect(preview).toMatchObject({
      format: 'tsv',
      reportKind: 'DR',
      platforms: ['Europresse'],
      importable: true,
    });
    await api.call('usage.commit', { fileName: 'dr.tsv', fileId, sha256: preview.sha256 });
    const totals = await api.call('usage.totals', { year: 2026 });
    const searches = totals.byPlatform.find(
      (r) => r.platform === 'Europresse' && r.metric === 'Searches_Regular' && r.month === '2026-01',
    );
    expect(searches).toEqual({
      platform: 'Europresse',
      metric: 'Searches_Regular',
      month: '2026-01',
      count: 812 + 210,
      source: 'DR',
    });

    // Cafeyn again, then a PR_P1 of zero usage (exception 3030) for January to March filed under Cafeyn:
    // those three months become zero, April to June stay.
    const again = await api.call('usage.preview', { fileName: 'cafeyn-pr.json', content: base64(first) });
    await api.call('usage.commit', {
      fileName: 'cafeyn-pr.json',
      content: base64(first),
      sha256: again.sha256,
    });
    const zero = fs.readFileSync(fixturePath('pr-p1-r5-no-usage-3030.json'), 'utf8');
    const zeroPreview = await api.call('usage.preview', {
      fileName: 'zero.json',
      content: base64(zero),
      platform: 'Cafeyn',
    });
    expect(zeroPreview).toMatchObject({ noUsage: true, rows: 0, importable: true, platforms: ['Cafeyn'] });
    expect(zeroPreview.replaces.map((r) => r.message)).toEqual([
      expect.stringMatching(/^remplace les chiffres de janvier à mars 2026 de Cafeyn importés le /),
    ]);
    const committed = await api.call('usage.commit', {
      fileName: 'zero.json',
      content: base64(zero),
      sha256: zeroPreview.sha256,
      platform: 'Cafeyn',
    });
    expect(committed).toMatchObject({ rows: 0, total: 0 });
    const { '2026-04': april, '2026-05': may, '2026-06': june } = requestsPerMonth(first);
    expect(await cafeynRequests()).toEqual({ '2026-04': april, '2026-05': may, '2026-06': june });
    expect((await api.call('usage.list', {}))[0]).toMatchObject({ reportId: 'PR_P1', platforms: ['Cafeyn'] });
  });

  it('a tabular report re-saved by a spreadsheet as « Texte Unicode » (UTF-16 with a BOM) reads the same', async () => {
    const utf8 = fs.readFileSync(fixturePath('dr-r5-europresse.tsv'));
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8.toString('utf8'), 'utf16le')]);
    const [a, b] = await Promise.all(
      [utf8, utf16].map((bytes) =>
        api.call('usage.preview', { fileName: 'dr.tsv', content: bytes.toString('base64') }),
      ),
    );
    expect(b?.problems).toEqual([]);
    expect(b?.totals).toEqual(a?.totals);
    expect(b?.platforms).toEqual(['Europresse']);
    expect(b?.institution).toBe('Bibliothèque départementale du Lot');
  });
});
