import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { readCsvRows } from '../../../electron/services/import/read/csv.ts';
import { isBlank } from '../../../electron/services/import/read/rows.ts';
import { generatePatronFile } from '../../bench/patron-file.ts';

/**
 * A text without quotes is split line by line (csv.ts `splitUnquoted`), not through papaparse: these
 * texts must come out exactly as papaparse reads them, with the same line numbers and blank rows skipped.
 */
function papaparseRows(text: string, delimiter: string) {
  const lines = text.replace(/\r\n?/g, '\n');
  return Papa.parse<string[]>(lines, { delimiter, newline: '\n', quoteChar: '"' })
    .data.map((cells, index) => ({ line: index + 1, cells }))
    .filter((row) => !isBlank(row.cells));
}

function random(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
}

describe('a CSV text without quotes', () => {
  it.each([
    ['CRLF, last line ended', 'N° carte;Nom\r\n1001;Dupont\r\n1002;Durand\r\n'],
    ['CR only', 'N° carte;Nom\r1001;Dupont\r1002;Durand'],
    ['mixed endings and blank lines', 'N° carte;Nom\r\n\r\n1001;Dupont\n\n\r1002;Durand\r\n  \n;;\n1003;'],
    ['trailing delimiters and empty cells', 'a;b;c;\n;;;\n1;;3;\n;2;;\n'],
    ['a single column', 'Nom\nDupont\n\nDurand'],
    ['tabs', 'Nom\tPrénom\nDupont\tJean\t\n'],
  ])('%s: the rows papaparse reads', (_, text) => {
    const delimiter = text.includes('\t') ? '\t' : ';';
    expect(readCsvRows(text, delimiter).rows).toEqual(papaparseRows(text, delimiter));
  });

  it('a generated export of 2,000 patrons: the rows papaparse reads', () => {
    const { text } = generatePatronFile({ rows: 2000, prefix: 'T', seed: 3, badShare: 0.05 });
    const { delimiter, rows } = readCsvRows(text);
    expect(delimiter).toBe(';');
    expect(rows).toHaveLength(2001);
    expect(rows).toEqual(papaparseRows(text, ';'));
  });

  // The second alphabet has no lone CR: those texts keep their CRLF, which the ranges leave out.
  it.each([
    ['any line breaks', 11, [';', ',', '\n', '\r', '\r\n', ' ', '\t', 'a', 'é', '1']],
    ['LF and CRLF only', 12, [';', ',', '\n', '\r\n', '\r\n', ' ', '\t', 'a', 'é', '1']],
  ])(
    '500 random texts of delimiters, %s, spaces and letters: the rows papaparse reads',
    (_, seed, alphabet) => {
      const next = random(seed);
      for (let n = 0; n < 500; n += 1) {
        const length = Math.floor(next() * 60);
        let text = '';
        for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(next() * alphabet.length)];
        expect(readCsvRows(text, ';').rows, JSON.stringify(text)).toEqual(papaparseRows(text, ';'));
      }
    },
  );
});
