import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { cellsAt, readCsvRanges } from '../../../electron/services/import/read/csv.ts';
import { isBlank } from '../../../electron/services/import/read/rows.ts';

/**
 * An import keeps a CSV row as its range of the decoded text and splits it again when it needs its cells
 * (a preview page, a fixed cell, a new mapping): each row, parsed alone, must give what papaparse read for
 * it within the whole text — quoted delimiters, doubled quotes and line breaks included.
 */
function papaparseCells(text: string) {
  const lines = text.replace(/\r\n?/g, '\n');
  const { data, errors } = Papa.parse<string[]>(lines, { delimiter: ';', newline: '\n', quoteChar: '"' });
  return { rows: data.filter((cells) => !isBlank(cells)), quoteErrors: errors.length };
}

function random(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
}

describe('a CSV row split again from its range', () => {
  it('reads quoted delimiters, doubled quotes and line breaks as the whole text’s parse did', () => {
    const text =
      'N° carte;Nom;Prénom\r\nQ1;"Dupont; Durand";"Jean ""Jeannot"""\r\nQ2;"Martin\r\nBis";Anne\r\n\r\nQ3;Roux;\r\n';
    const { text: decoded, rows, delimiter } = readCsvRanges(text);
    expect(rows.map((row) => row.line)).toEqual([1, 2, 3, 6]);
    expect(rows.map((row) => cellsAt(decoded, row, delimiter))).toEqual(papaparseCells(text).rows);
    expect(cellsAt(decoded, rows[2] as (typeof rows)[number], delimiter)).toEqual([
      'Q2',
      'Martin\nBis',
      'Anne',
    ]);
  });

  it('500 random texts with quotes: each row alone gives papaparse’s cells for it', () => {
    const next = random(17);
    const alphabet = [';', '"', '""', '\n', '\r\n', ' ', 'a', 'é', '1', '"a;b"', '"x\ny"'];
    let compared = 0;
    for (let n = 0; n < 500; n += 1) {
      const length = Math.floor(next() * 40);
      let text = '';
      for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(next() * alphabet.length)];
      const whole = papaparseCells(text);
      // A text with an unclosed quote is read row by row around it (csv.ts): compared elsewhere.
      if (whole.quoteErrors > 0) continue;
      const { text: decoded, rows, delimiter } = readCsvRanges(text, ';');
      expect(
        rows.map((row) => row.cells ?? cellsAt(decoded, row, delimiter)),
        JSON.stringify(text),
      ).toEqual(whole.rows);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(100);
  });
});
