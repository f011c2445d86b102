import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, isClean } from '../../../electron/services/import/read/clean.ts';

// Control characters too: a NUL left by a damaged export would be refused by the central service.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it finds.
const needsCleaning = /[\u200B-\u200D\u2060\uFEFF\u00AD\u180E\u0000-\u001F\u007F]|\s\s|[^\S ]|^\s|\s$/;
// Letters, spaces of every kind JavaScript's \s knows, controls, invisible characters, and their neighbours.
const alphabet = [
  'a',
  'É',
  '’',
  '-',
  '1',
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u00ad',
  '\u1680',
  '\u180e',
  '\u2000',
  '\u200a',
  '\u200b',
  '\u200d',
  '\u200e',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u2060',
  '\u3000',
  '\ufeff',
  '\ufffd',
];

describe('cleanText', () => {
  it('tells a clean cell exactly as the regular expression it replaces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 8 }), (chars) => {
        const value = chars.join('');
        expect(isClean(value)).toBe(!needsCleaning.test(value));
      }),
      { numRuns: 5_000 },
    );
    for (let code = 0; code <= 0xffff; code += 1) {
      const value = `a${String.fromCharCode(code)}b`;
      expect(isClean(value), `U+${code.toString(16)}`).toBe(!needsCleaning.test(value));
    }
  });

  it('removes invisible characters, folds whitespace runs into one space, trims', () => {
    expect(cleanText('\u00a0 Dupont\u200b \t Marie\u00ad ')).toBe('Dupont Marie');
    expect(cleanText('Lapèze')).toBe('Lapèze');
    expect(cleanText('Du\u0000pont\u0007 Marie')).toBe('Dupont Marie');
    expect(cleanText(null)).toBe('');
  });
});
