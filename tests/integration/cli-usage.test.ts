import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBase, cliTestTimeout, expectRefused } from '../helpers/cli-base.ts';
import { repoRoot } from '../helpers/temp.ts';

const fixture = (name: string) => path.join(repoRoot, 'tests/fixtures/usage', name);

/** The fixture's Searches_Regular of January, read from the TSV directly: every database's row. */
function januarySearches(): number {
  const lines = fs.readFileSync(fixture('dr-r5-europresse.tsv'), 'utf8').split('\r\n');
  const headings = lines[13]?.split('\t') ?? [];
  const metric = headings.indexOf('Metric_Type');
  const january = headings.indexOf('Jan-2026');
  return lines
    .slice(14)
    .map((l) => l.split('\t'))
    .filter((cells) => cells[metric] === 'Searches_Regular')
    .reduce((sum, cells) => sum + Number(cells[january]), 0);
}

describe('mednum usage import|list|undo|totals', { timeout: cliTestTimeout }, () => {
  const { cli, json, dir } = cliBase('usage.sqlite');

  it('--dry-run prints the preview and writes nothing; without it the report is imported', () => {
    const dry = cli('usage', 'import', fixture('dr-r5-europresse.tsv'), '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /^Rapport DR \(bases de données, COUNTER 5\) : Europresse, janvier à mars 2026/,
    );
    expect(dry.stdout).toMatch(/Aperçu seulement : rien n’a été enregistré\./);
    expect(json('usage', 'list')).toEqual([]);

    const imported = json('usage', 'import', fixture('dr-r5-europresse.tsv'), '--by', 'Claire');
    expect(imported.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(imported.preview).toMatchObject({ release: '5', reportId: 'DR', importable: true });
    expect(json('usage', 'list')).toEqual([
      expect.objectContaining({ id: imported.batchId, actor: 'Claire', fileName: 'dr-r5-europresse.tsv' }),
    ]);
    const totals = json('usage', 'totals', '--year', '2026');
    expect(
      totals.byPlatform.find(
        (r: { metric: string; month: string }) => r.metric === 'Searches_Regular' && r.month === '2026-01',
      ),
    ).toEqual({
      platform: 'Europresse',
      metric: 'Searches_Regular',
      month: '2026-01',
      count: januarySearches(),
      source: 'DR',
    });
    expect(cli('usage', 'totals', '--year', '2026').stdout).toMatch(/Europresse\s+Searches_Regular\s+DR/);
    // The staged copy is gone once imported.
    expect(fs.readdirSync(path.join(dir, 'imports-en-cours'))).toEqual([]);
  });

  it('a second import of the same months says what it replaces; undo restores, a second undo exits 1', () => {
    const again = cli('usage', 'import', fixture('dr-r5-europresse.tsv'), '--by', 'Marc');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /Cet import remplace les chiffres de janvier à mars 2026 de Europresse importés le /,
    );
    const [latest, earlier] = json('usage', 'list');
    const undone = json('usage', 'undo', latest.id, '--by', 'Marc');
    expect(undone).toEqual({ batchId: latest.id, removed: latest.rows, restored: earlier.rows });
    expectRefused(cli('usage', 'undo', latest.id, '--by', 'Marc'), 1, /^Cet import a déjà été annulé le /);
  });

  it('refuses malformed reports in French: exit 1, the reason, nothing written; a missing file exits 2', () => {
    expectRefused(
      cli('usage', 'import', fixture('bad-release.json'), '--by', 'Claire'),
      1,
      /version COUNTER « 4 » non prise en charge \(Release 5 ou 5\.1 attendue\)/,
    );
    expectRefused(
      cli('usage', 'import', fixture('month-outside-period.tsv'), '--by', 'Claire'),
      1,
      /^Ce rapport n’est pas importé \(1 problème\) :\nligne 14 : colonne Mar-2026 : mois 2026-03 hors de la période du rapport/,
    );
    expectRefused(cli('usage', 'import', path.join(dir, 'absent.json')), 2, /Impossible de lire le fichier/);
    expectRefused(cli('usage', 'totals', '--year', 'deux'), 2, /^Année invalide/);
    expect(json('usage', 'list')).toHaveLength(2);
  });
});
