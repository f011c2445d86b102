import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseUsageReport, totalsByMetricAndMonth } from '../../../shared/domain/usage/parse.ts';
import { repoRoot } from '../../helpers/temp.ts';

const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, 'tests/fixtures/usage', name), 'utf8');

/** What the parser says, as "metric|month" → count. */
const parsedTotals = (text: string) =>
  Object.fromEntries(
    totalsByMetricAndMonth(parseUsageReport(text).rows).map((t) => [`${t.metric}|${t.month}`, t.count]),
  );

/** Adds `count` under `key`, as the independent computations below do. */
const addTo = (sums: Record<string, number>, key: string, count: number) => {
  sums[key] = (sums[key] ?? 0) + count;
};

// Independent readings of the fixtures: a few lines each, straight from the COUNTER shapes.
type R5 = {
  Report_Items: {
    Performance: { Period: { Begin_Date: string }; Instance: { Metric_Type: string; Count: number }[] }[];
  }[];
};
function sumR5Json(text: string) {
  const sums: Record<string, number> = {};
  for (const item of (JSON.parse(text) as R5).Report_Items)
    for (const p of item.Performance)
      for (const i of p.Instance) addTo(sums, `${i.Metric_Type}|${p.Period.Begin_Date.slice(0, 7)}`, i.Count);
  return sums;
}
type R51 = {
  Report_Items: { Attribute_Performance: { Performance: Record<string, Record<string, number>> }[] }[];
};
function sumR51Json(text: string) {
  const sums: Record<string, number> = {};
  for (const item of (JSON.parse(text) as R51).Report_Items)
    for (const ap of item.Attribute_Performance)
      for (const [metric, months] of Object.entries(ap.Performance))
        for (const [month, count] of Object.entries(months)) addTo(sums, `${metric}|${month}`, count);
  return sums;
}
const shortMonths = { Jan: '01', Feb: '02', Mar: '03' } as Record<string, string>;
/** Tabular: the row after the first blank line names the columns; the metric, then the total, then months. */
function sumTabular(text: string, delimiter: string) {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n/)
    .filter((l, i, all) => i < all.length - 1 || l !== '');
  const headingsAt = lines.indexOf('') + 1;
  const headings = (lines[headingsAt] as string).split(delimiter);
  const months = headings.slice(-3).map((h) => `${h.slice(4)}-${shortMonths[h.slice(0, 3)]}`);
  const sums: Record<string, number> = {};
  for (const line of lines.slice(headingsAt + 1)) {
    // Only the title may hold the delimiter: read the row from its end.
    const cells = line.split(delimiter).slice(-5);
    for (const [i, month] of months.entries()) addTo(sums, `${cells[0]}|${month}`, Number(cells[2 + i]));
  }
  return sums;
}

describe('COUNTER reports read', () => {
  it('PR, Release 5, SUSHI JSON: the release detected, figures per metric and month as in the file', () => {
    const text = fixture('pr-r5-cafeyn.json');
    const report = parseUsageReport(text);
    expect(report.header).toMatchObject({
      release: '5',
      reportId: 'PR',
      reportKind: 'PR',
      institution: 'Bibliothèque départementale du Lot',
      firstMonth: '2026-01',
      lastMonth: '2026-06',
      noUsage: false,
    });
    expect(report.format).toBe('json');
    expect(report.platforms).toEqual(['Cafeyn']);
    expect(report.problems).toEqual([]);
    expect(parsedTotals(text)).toEqual(sumR5Json(text));
    // Three Data_Type breakdowns summed into one platform figure per metric and month, item ''.
    expect(new Set(report.rows.map((r) => r.item))).toEqual(new Set(['']));
    expect(report.rows.find((r) => r.metric === 'Total_Item_Requests' && r.month === '2026-03')?.count).toBe(
      331,
    );
  });

  it('PR, Release 5.1, SUSHI JSON: nested Attribute_Performance read the same way', () => {
    const text = fixture('pr-r51-tout-apprendre.json');
    const report = parseUsageReport(text);
    expect(report.header).toMatchObject({
      release: '5.1',
      reportId: 'PR',
      firstMonth: '2026-01',
      lastMonth: '2026-06',
    });
    expect(report.platforms).toEqual(['Tout apprendre']);
    expect(report.problems).toEqual([]);
    expect(parsedTotals(text)).toEqual(sumR51Json(text));
  });

  it('DR, Release 5, tabular TSV: per database, totals as the file', () => {
    const text = fixture('dr-r5-europresse.tsv');
    const report = parseUsageReport(text);
    expect(report.format).toBe('tsv');
    expect(report.header).toMatchObject({
      release: '5',
      reportId: 'DR',
      reportKind: 'DR',
      lastMonth: '2026-03',
    });
    expect(report.problems).toEqual([]);
    expect(parsedTotals(text)).toEqual(sumTabular(text, '\t'));
    expect(new Set(report.rows.map((r) => r.item))).toEqual(
      new Set(['Europresse – Presse française', 'Europresse – Presse internationale']),
    );
  });

  it('DR with month columns written 2026-01 rather than Jan-2026: the same figures', () => {
    const text = fixture('dr-r5-europresse.tsv');
    const numeric = text.replace('Jan-2026\tFeb-2026\tMar-2026', '2026-01\t2026-02\t2026-03');
    expect(numeric).not.toBe(text);
    expect(parsedTotals(numeric)).toEqual(parsedTotals(text));
  });

  it('TR_B1, Release 5.1, CSV with a BOM and quoted titles: per title, the YOP rows of a title summed', () => {
    const text = fixture('tr-b1-r51-numilog.csv');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const report = parseUsageReport(text);
    expect(report.format).toBe('csv');
    expect(report.header).toMatchObject({ release: '5.1', reportId: 'TR_B1', reportKind: 'TR' });
    expect(report.problems).toEqual([]);
    expect(parsedTotals(text)).toEqual(sumTabular(text, ','));
    const anomalie = report.rows.find(
      (r) => r.item === 'L’Anomalie' && r.metric === 'Total_Item_Requests' && r.month === '2026-01',
    );
    expect(anomalie?.count).toBe(14 + 2);
    expect(report.rows.map((r) => r.item)).toContain('Cuisine du Sud-Ouest, "recettes de nos grands-mères"');
  });

  it('exception 3030 (no usage available): a valid report of zero usage for its platform', () => {
    const report = parseUsageReport(fixture('pr-p1-r5-no-usage-3030.json'));
    expect(report.header).toMatchObject({
      reportId: 'PR_P1',
      noUsage: true,
      firstMonth: '2026-01',
      lastMonth: '2026-03',
    });
    expect(report.header.exceptions[0]?.code).toBe(3030);
    expect(report.rows).toEqual([]);
    expect(report.platforms).toEqual(['Storyplay*r']);
    expect(report.problems).toEqual([]);
  });

  it('a platform name given by staff replaces the report’s', () => {
    const report = parseUsageReport(fixture('pr-r5-cafeyn.json'), { platform: 'Cafeyn (presse)' });
    expect(report.platforms).toEqual(['Cafeyn (presse)']);
    expect(new Set(report.rows.map((r) => r.platform))).toEqual(new Set(['Cafeyn (presse)']));
  });
});

describe('malformed reports refused in French', () => {
  const refused = (text: string) => {
    try {
      parseUsageReport(text);
    } catch (error) {
      return error as { code: string; message: string };
    }
    throw new Error('accepted');
  };

  it('an unknown release, a missing header, an empty file, an item report: USAGE_FILE_INVALID with the reason', () => {
    expect(refused(fixture('bad-release.json'))).toMatchObject({
      code: 'USAGE_FILE_INVALID',
      message: expect.stringMatching(
        /version COUNTER « 4 » non prise en charge \(Release 5 ou 5\.1 attendue\)/,
      ),
    });
    expect(refused(fixture('missing-header.tsv'))).toMatchObject({
      code: 'USAGE_FILE_INVALID',
      message: expect.stringMatching(/l’en-tête COUNTER est absent/),
    });
    expect(refused('')).toMatchObject({ code: 'USAGE_FILE_INVALID', message: expect.stringMatching(/vide/) });
    expect(
      refused(fixture('pr-r5-cafeyn.json').replace('"Report_ID": "PR"', '"Report_ID": "IR_A1"')),
    ).toMatchObject({ message: expect.stringMatching(/le rapport IR_A1 n’est pas pris en charge/) });
    expect(refused('[{"Code": 3000, "Severity": "Fatal", "Message": "Report Not Supported"}]')).toMatchObject(
      {
        message: expect.stringMatching(/qu’une exception SUSHI \(3000 : Report Not Supported\)/),
      },
    );
    expect(refused('{"Report_Header": ')).toMatchObject({
      message: expect.stringMatching(/JSON est mal formé/),
    });
  });

  it('a month column outside the reporting period: said once, at the headings’ line', () => {
    const text = fixture('month-outside-period.tsv');
    const report = parseUsageReport(text);
    const headingsLine = text.split('\r\n').findIndex((l) => l.startsWith('Database\t')) + 1;
    expect(report.problems).toEqual([
      {
        line: headingsLine,
        message: 'colonne Mar-2026 : mois 2026-03 hors de la période du rapport (janvier à février 2026).',
      },
    ]);
    expect(report.rows.every((r) => r.month <= '2026-02')).toBe(true);
  });

  it('negative and non-integer counts: one problem each, at the line of their report item', () => {
    const text = fixture('bad-counts-r51.json');
    const itemLine = text.split('\n').findIndex((l) => l.includes('"Report_Items"')) + 2;
    expect(parseUsageReport(text).problems).toEqual([
      {
        line: itemLine,
        message:
          'nombre invalide « -4 » pour Total_Item_Requests en 2026-02 : un entier positif ou nul est attendu.',
      },
      {
        line: itemLine,
        message:
          'nombre invalide « 12.5 » pour Unique_Item_Requests en 2026-03 : un entier positif ou nul est attendu.',
      },
    ]);
  });

  it('an unknown metric: refused, named, at its item’s line', () => {
    const text = fixture('unknown-metric.json');
    const lines = text.split('\n');
    const secondItem = lines.findIndex((l, i) => l.includes('"Data_Type": "Journal"') && i > 0);
    const problems = parseUsageReport(text).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe(
      'type de mesure inconnu « Total_Item_Views » : ce n’est pas un Metric_Type de COUNTER 5 ou 5.1.',
    );
    // The item's opening brace is on the line before its Platform, two before its Data_Type.
    expect(problems[0]?.line).toBe(secondItem - 1);
  });

  it('figures summed over several months (Granularity=Totals): refused, the report must be monthly', () => {
    const text = fixture('pr-r5-cafeyn.json').replace('"End_Date": "2026-01-31"', '"End_Date": "2026-06-30"');
    expect(parseUsageReport(text).problems[0]?.message).toMatch(/le rapport doit être détaillé par mois/);
  });

  it('a tabular row whose Reporting_Period_Total is not the sum of its months', () => {
    const text = fixture('dr-r5-europresse.tsv').replace(
      'Searches_Regular\t2417\t',
      'Searches_Regular\t2418\t',
    );
    expect(parseUsageReport(text).problems).toEqual([
      {
        line: 15,
        message: 'Reporting_Period_Total (2418) différent de la somme des mois (2417) pour Searches_Regular.',
      },
    ]);
  });
});
