import { describe, expect, it } from 'vitest';
import { cellText } from '../../../electron/services/import/line-fingerprint.ts';
import { readTableRows } from '../../../electron/services/import/read/table.ts';

/**
 * A re-import hashes its known CSV rows in the file's text (table.ts `cellBounds`), never splitting them:
 * where it gives bounds, they must be the cells `shape` gives (padded to the header), and it must give
 * none where `shape` would say something more (an error, a repeated header) or quotes decide the cells.
 */
async function tableOf(text: string) {
  return readTableRows(Buffer.from(text, 'utf8'), { fileName: 'bib.csv' });
}

function boundsCells(table: Awaited<ReturnType<typeof tableOf>>, index: number) {
  const row = table.rows[index];
  if (!row || row.cells) return null;
  const bounds = table.cellBounds(row.start as number, row.end as number);
  if (!bounds) return null;
  return table.headers.map((_, column) => cellText(bounds, column));
}

describe('the cells of a CSV row read in place', () => {
  it('are the shaped cells, line endings CRLF or LF, short rows padded', async () => {
    for (const end of ['\r\n', '\n']) {
      const table = await tableOf(
        ['N° carte;Nom;Prénom;Ville', 'A1;Dupont;Jean;Figeac', 'A2;Durand;;', 'A3;Roux', ''].join(end),
      );
      for (let index = 0; index < table.rows.length; index += 1) {
        expect(boundsCells(table, index)).toEqual(table.shape(table.rows[index] as never).cells);
      }
    }
  });

  it('are none for a row with quotes, extra filled cells or a repeated header', async () => {
    const table = await tableOf(
      [
        'N° carte;Nom;Prénom',
        'A1;"Dupont; Durand";Jean',
        'A2;Martin;Anne;en trop',
        'N° carte;Nom;Prénom',
        ' N° carte ;Nom;Prénom',
        'A3;Roux;Paul',
      ].join('\r\n'),
    );
    expect(table.rows.map((_, index) => boundsCells(table, index) !== null)).toEqual([
      false,
      false,
      false,
      false,
      true,
    ]);
    expect(table.shape(table.rows[2] as never).error).toMatch(/en-tête répétée/);
    expect(table.shape(table.rows[3] as never).error).toMatch(/en-tête répétée/);
  });

  it('are none for a row kept with its cells (a workbook’s: no range, start -1)', async () => {
    const table = await tableOf('N° carte;Nom\nA1;Dupont\n');
    expect(boundsCells(table, 0)).toEqual(['A1', 'Dupont']);
    expect(table.cellBounds(-1, -1)).toBeNull();
  });
});
