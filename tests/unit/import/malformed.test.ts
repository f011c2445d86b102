import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { suggestMapping } from '../../../electron/services/import/read/mapping.ts';
import {
  type NormalizedRow,
  normalizeRow,
  unreadableRow,
} from '../../../electron/services/import/read/normalize.ts';
import { type RawTable, readTable } from '../../../electron/services/import/read/table.ts';
import { AppError } from '../../../shared/errors.ts';
import { repoRoot } from '../../helpers/temp.ts';

const folder = path.join(repoRoot, 'tests', 'fixtures', 'import', 'malformed');

/**
 * What each file of the corpus must give: refused as a whole (FILE_UNREADABLE, in French), or read with
 * its problems on the rows. A file added to the folder without a line here fails the test.
 */
const expected: Record<string, 'refused' | 'read'> = {
  'aucune-colonne-utile.csv': 'read',
  'bom-seul.csv': 'refused',
  'caracteres-de-controle.csv': 'refused',
  'classeur-libreoffice.ods': 'refused',
  'classeur-xml-2003.xls': 'refused',
  'colonnes-innombrables.csv': 'refused',
  'colonnes-variables.csv': 'read',
  'csv-renomme.xlsx': 'read',
  'document.pdf': 'refused',
  'en-tete-repete.csv': 'read',
  'en-tete-seul.csv': 'read',
  'en-tetes-dupliques.csv': 'read',
  'excel-97.xls': 'refused',
  'fins-de-ligne-melangees.csv': 'read',
  'guillemet-jusqu-a-la-fin.csv': 'read',
  'guillemets-non-fermes.csv': 'read',
  'image-png.csv': 'refused',
  'lecteurs.json': 'refused',
  'ligne-tres-longue.csv': 'read',
  'lignes-vides.csv': 'refused',
  'octets-nuls.csv': 'refused',
  'page-web.xls': 'refused',
  'que-des-nombres.csv': 'refused',
  'separateur-inconnu.csv': 'refused',
  'titre-seul.csv': 'refused',
  'une-seule-colonne.csv': 'refused',
  'utf16-sans-bom.csv': 'read',
  'utf16-tronque.csv': 'read',
  'valeurs-absurdes.csv': 'read',
  'vide.csv': 'refused',
  'xlsx-feuille-vide.xlsx': 'refused',
  'xlsx-titre-fusionne-et-erreurs.xlsx': 'read',
  'xlsx-tronque.xlsx': 'refused',
  'zip-corrompu.xlsx': 'refused',
  'zip-pas-xlsx.xlsx': 'refused',
};

const files = fs.readdirSync(folder).sort();
const context = { today: '2026-03-01', resolveCommune: () => null };

/** The whole reading path of an import: read, suggest a mapping, normalise every row. */
async function importPath(
  bytes: Uint8Array,
  fileName: string,
): Promise<{ table: RawTable; results: NormalizedRow[] }> {
  const table = await readTable(bytes, { fileName });
  const mapping = suggestMapping(
    table.headers,
    table.rows.slice(0, 50).map((row) => row.cells),
    context.today,
  );
  const results = table.rows.map((row) => {
    const result = normalizeRow(row.cells, mapping, context);
    return row.error ? { ...result, rejections: [unreadableRow(row.error), ...result.rejections] } : result;
  });
  return { table, results };
}

/** A message for people: French words, the file named, no stack, no English error text. */
function expectFrenchMessage(message: string, fileName: string) {
  expect(message).toMatch(/\b(est|n’est|ne|aucune|compte|contient|pas|feuille|fichier)\b/);
  expect(message).toContain(`« ${fileName} »`);
  expect(message).not.toMatch(/\bat \w+ \(|Error|undefined|null|zip file|Corrupted|central directory/);
}

describe('the corpus of malformed files', () => {
  it('holds at least 25 files, each with its expected outcome', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(files)(
    '%s is refused with a French message or read with per-row problems, never crashing',
    async (file) => {
      const bytes = fs.readFileSync(path.join(folder, file));
      let outcome: Awaited<ReturnType<typeof importPath>> | AppError;
      try {
        outcome = await importPath(bytes, file);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        outcome = error as AppError;
      }
      if (outcome instanceof AppError) {
        expect(outcome.code).toBe('FILE_UNREADABLE');
        expectFrenchMessage(outcome.message, file);
        expect(expected[file]).toBe('refused');
        return;
      }
      expect(expected[file]).toBe('read');
      const { table, results } = outcome;
      expect(table.headers.length).toBeGreaterThanOrEqual(2);
      expect(new Set(table.headers).size).toBe(table.headers.length);
      for (const [i, row] of table.rows.entries()) {
        expect(row.line).toBeGreaterThan(table.headerRow + 1);
        expect(row.cells.length).toBeGreaterThanOrEqual(table.headers.length);
        const result = results[i] as NormalizedRow;
        if (row.error) expect(result.rejections[0]?.code).toBe('row_unreadable');
        for (const issue of [...result.rejections, ...result.warnings]) {
          expect(issue.code).toMatch(/^[a-z0-9_]+$/);
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }
    },
  );

  it('reads a 5 MB line through the whole path without crashing', async () => {
    const bytes = Buffer.from(
      `N° carte;Nom;Prénom\n1001;${'é'.repeat(5 * 1024 * 1024)};Jean\n1002;Durand;Marie\n`,
    );
    const { results } = await importPath(bytes, 'enorme.csv');
    expect(results).toHaveLength(2);
    expect(results[1]?.values.lastName).toBe('Durand');
  });

  it('gives the rows of a file with unbalanced quotes their own rejection, the others untouched', async () => {
    const file = 'guillemets-non-fermes.csv';
    const { table, results } = await importPath(fs.readFileSync(path.join(folder, file)), file);
    expect(table.rows.map((row, i) => [row.line, results[i]?.rejections.map((issue) => issue.code)])).toEqual(
      [
        [2, ['row_unreadable']],
        [3, []],
        [4, ['row_unreadable']],
        [5, ['row_unreadable']],
        [6, []],
      ],
    );
  });
});
