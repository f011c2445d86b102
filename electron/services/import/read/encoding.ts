/**
 * Text encodings a library export arrives in, detected from the bytes or forced by the user.
 * Node's full ICU (and Electron's) decodes them with `TextDecoder`; Windows-1252, the most common, through
 * Buffer's Latin-1 copy, ten times faster.
 */
export { type Encoding, encodingLabels, encodings } from '../../../../shared/domain/patron.ts';

import type { Encoding } from '../../../../shared/domain/patron.ts';

const boms: [Encoding, number[]][] = [
  ['utf-8', [0xef, 0xbb, 0xbf]],
  ['utf-16le', [0xff, 0xfe]],
  ['utf-16be', [0xfe, 0xff]],
];

/** The encoding announced by a byte-order mark at the start of the bytes, if any. */
export function bomEncoding(bytes: Uint8Array): Encoding | null {
  for (const [encoding, bom] of boms) {
    if (bytes.length >= bom.length && bom.every((byte, i) => bytes[i] === byte)) return encoding;
  }
  return null;
}

/**
 * BOM first (UTF-8, UTF-16 LE/BE); without one, UTF-16 betrayed by its zero bytes (ASCII text saved as
 * "Unicode" without a BOM); then UTF-8 if the whole file decodes strictly, else Windows-1252 — what Excel
 * writes for "CSV (séparateur : point-virgule)" on a French Windows. ISO-8859-15 cannot be told apart
 * from Windows-1252 by its bytes: a user forces it.
 */
export function detectEncoding(bytes: Uint8Array): Encoding {
  const announced = bomEncoding(bytes);
  if (announced) return announced;
  const utf16 = bomlessUtf16(bytes);
  if (utf16) return utf16;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/**
 * Decodes with the given encoding; the BOM of that encoding, when present, is not part of the text.
 * Never throws: bytes that do not fit the encoding become U+FFFD.
 */
export function decodeText(bytes: Uint8Array, encoding: Encoding): string {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  // TextDecoder strips the BOM of UTF-8 and UTF-16 itself (ignoreBOM defaults to false).
  return new TextDecoder(encoding).decode(bytes);
}

/**
 * Windows-1252 is Latin-1 but for 0x80–0x9F. Without those bytes, Buffer's Latin-1 copy (1 ms for an
 * 11 MB export, where TextDecoder took 50 to 150); with them (French exports are full of ’ and œ), the bytes
 * widened to UTF-16 by a typed-array copy, those few set to their characters, then read as UTF-16 (about
 * 20 ms; a regex replacing 13,000 apostrophes took 100).
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = bytes.findIndex((byte) => byte >= 0x80 && byte <= 0x9f);
  if (first < 0) return buffer.toString('latin1');
  const wide = new Uint16Array(bytes.length);
  wide.set(bytes);
  for (let i = first; i < wide.length; i += 1) {
    const unit = wide[i] as number;
    if (unit >= 0x80 && unit <= 0x9f) wide[i] = windows1252High[unit - 0x80] as number;
  }
  // UTF-16 in the machine's order: little-endian on every platform the app ships for.
  return Buffer.from(wide.buffer).toString('utf16le');
}

/**
 * Windows-1252's own characters at 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ), per
 * the WHATWG index: French exports are full of ’ and œ. (Node ≥ 20.18.3 / 22.13's TextDecoder decodes
 * `windows-1252` as Latin-1 too, leaving them as C1 controls: nodejs/node#60888.)
 */
const windows1252High = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/** UTF-16 without a BOM: in the first kilobytes, nearly every other byte is zero, the others are not. */
function bomlessUtf16(bytes: Uint8Array): Encoding | null {
  const length = Math.min(bytes.length, 4096) & ~1;
  if (length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros += 1;
    if (bytes[i + 1] === 0) oddZeros += 1;
  }
  const pairs = length / 2;
  if (oddZeros >= pairs * 0.9 && evenZeros <= pairs * 0.1) return 'utf-16le';
  if (evenZeros >= pairs * 0.9 && oddZeros <= pairs * 0.1) return 'utf-16be';
  return null;
}
