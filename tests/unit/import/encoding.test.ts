import { describe, expect, it } from 'vitest';
import { decodeText, detectEncoding } from '../../../electron/services/import/read/encoding.ts';
import { readTable } from '../../../electron/services/import/read/table.ts';

const text = 'N° carte;Nom;Prénom\r\n46CZ1;Cœur;Zoé\r\n';
const utf8 = Buffer.from(text, 'utf8');
const withBom = (bom: number[], body: Buffer) => Buffer.concat([Buffer.from(bom), body]);
const utf16be = (value: string) => Buffer.from(value, 'utf16le').swap16();

describe('detecting the encoding', () => {
  it('reads UTF-8 without a BOM when every byte sequence is valid UTF-8', () => {
    expect(detectEncoding(utf8)).toBe('utf-8');
    expect(decodeText(utf8, 'utf-8')).toBe(text);
  });

  it('recognises the BOMs of UTF-8, UTF-16 LE and UTF-16 BE and leaves them out of the text', () => {
    const cases = [
      [withBom([0xef, 0xbb, 0xbf], utf8), 'utf-8'],
      [withBom([0xff, 0xfe], Buffer.from(text, 'utf16le')), 'utf-16le'],
      [withBom([0xfe, 0xff], utf16be(text)), 'utf-16be'],
    ] as const;
    for (const [bytes, encoding] of cases) {
      expect(detectEncoding(bytes)).toBe(encoding);
      expect(decodeText(bytes, encoding)).toBe(text);
    }
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8, with ’, œ and € at their Windows places', () => {
    // "d’Arcy Cœur 10 €" as Excel writes it on a French Windows: ’ = 0x92, œ = 0x9C, € = 0x80.
    const bytes = Buffer.from([
      0x64, 0x92, 0x41, 0x72, 0x63, 0x79, 0x20, 0x43, 0x9c, 0x75, 0x72, 0x20, 0x31, 0x30, 0x20, 0x80, 0x20,
      0xe9,
    ]);
    expect(detectEncoding(bytes)).toBe('windows-1252');
    expect(decodeText(bytes, 'windows-1252')).toBe('d’Arcy Cœur 10 € é');
  });

  it('decodes each of the 256 bytes of Windows-1252 as the WHATWG index says, a view into a larger buffer too', () => {
    const all = Uint8Array.from({ length: 256 }, (_, byte) => byte);
    const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
    const expected = Array.from({ length: 256 }, (_, byte) =>
      byte >= 0x80 && byte <= 0x9f ? high[byte - 0x80] : String.fromCharCode(byte),
    ).join('');
    expect(decodeText(all, 'windows-1252')).toBe(expected);
    const inside = new Uint8Array(300);
    inside.set(all, 20);
    expect(decodeText(inside.subarray(20, 276), 'windows-1252')).toBe(expected);
    // Without any of those bytes, the Latin-1 text as it is.
    expect(decodeText(Buffer.from([0x43, 0xe9, 0x20, 0xff]), 'windows-1252')).toBe('Cé ÿ');
  });

  it('tells ISO-8859-15 from Windows-1252 only when the user forces it: € and œ sit elsewhere', () => {
    // "Cœur 10 €" in ISO-8859-15: œ = 0xBD, € = 0xA4 (½ and ¤ in Windows-1252).
    const bytes = Buffer.from([0x43, 0xbd, 0x75, 0x72, 0x20, 0x31, 0x30, 0x20, 0xa4]);
    expect(detectEncoding(bytes)).toBe('windows-1252');
    expect(decodeText(bytes, 'windows-1252')).toBe('C½ur 10 ¤');
    expect(decodeText(bytes, 'iso-8859-15')).toBe('Cœur 10 €');
  });

  it('recognises UTF-16 saved without a BOM by its zero bytes', () => {
    expect(detectEncoding(Buffer.from(text, 'utf16le'))).toBe('utf-16le');
    expect(detectEncoding(utf16be(text))).toBe('utf-16be');
  });

  it('never throws on bytes that do not fit a forced encoding', () => {
    const latin = Buffer.from('Prénom', 'latin1');
    expect(decodeText(latin, 'utf-8')).toBe('Pr\uFFFDnom');
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x41]), 'utf-16le')).toBe('\uFFFD');
  });
});

describe('reading a table in each encoding', () => {
  const files = {
    'utf-8': utf8,
    'utf-8 with BOM': withBom([0xef, 0xbb, 0xbf], utf8),
    'utf-16le with BOM': withBom([0xff, 0xfe], Buffer.from(text, 'utf16le')),
    'utf-16be with BOM': withBom([0xfe, 0xff], utf16be(text)),
    'windows-1252': Buffer.from([
      ...Buffer.from('N° carte;Nom;Prénom\r\n46CZ1;C', 'latin1'),
      0x9c,
      ...Buffer.from('ur;Zoé\r\n', 'latin1'),
    ]),
  };

  it.each(Object.entries(files))('gives the same headers and cells from %s', async (_, bytes) => {
    const table = await readTable(bytes, { fileName: 'lecteurs.csv' });
    expect(table.headers).toEqual(['N° carte', 'Nom', 'Prénom']);
    expect(table.rows).toEqual([{ line: 2, cells: ['46CZ1', 'Cœur', 'Zoé'] }]);
  });

  it('uses the encoding the user forces and says which one was used', async () => {
    const bytes = Buffer.from([
      ...Buffer.from('Nom;Montant\nC', 'latin1'),
      0xbd,
      ...Buffer.from('ur;10 ', 'latin1'),
      0xa4,
    ]);
    const guessed = await readTable(bytes, { fileName: 'a.csv' });
    expect(guessed.encoding).toBe('windows-1252');
    expect(guessed.rows[0]?.cells).toEqual(['C½ur', '10 ¤']);
    const forced = await readTable(bytes, { fileName: 'a.csv', encoding: 'iso-8859-15' });
    expect(forced.encoding).toBe('iso-8859-15');
    expect(forced.rows[0]?.cells).toEqual(['Cœur', '10 €']);
  });
});
