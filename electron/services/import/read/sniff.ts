import { quoted, saveAsAdvice, unreadable } from './unreadable.ts';

export const maxFileBytes = 200 * 1024 * 1024;

export type FileFormat = 'csv' | 'xlsx';

const startsWith = (bytes: Uint8Array, signature: number[]) =>
  bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);

const zip = [0x50, 0x4b, 0x03, 0x04];
const ole2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const pdf = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

/**
 * What the bytes are, whatever the file is called: a zip is a workbook, anything else is read as text.
 * Refuses, before any decoding, a file too big, an empty one and the formats that are known not to be a
 * table we can read (Excel 97-2003, PDF, OpenDocument).
 */
export function sniffFormat(bytes: Uint8Array, fileName: string): FileFormat {
  const name = quoted(fileName);
  if (bytes.byteLength > maxFileBytes) {
    const megabytes = Math.ceil(bytes.byteLength / (1024 * 1024)).toLocaleString('fr-FR');
    throw unreadable(
      `${name} pèse ${megabytes} Mo : au-delà de 200 Mo, le fichier n’est pas lu. Exportez seulement les colonnes utiles ou coupez-le en plusieurs fichiers.`,
    );
  }
  if (bytes.byteLength === 0) throw unreadable(`${name} est vide.`);
  if (startsWith(bytes, ole2)) {
    throw unreadable(
      `${name} est au format Excel 97-2003 (.xls) ou d’un autre logiciel Office ancien, qui n’est pas lu : ${saveAsAdvice}.`,
    );
  }
  if (startsWith(bytes, pdf)) {
    throw unreadable(
      `${name} est un document PDF, pas un tableau : exportez la liste des lecteurs en CSV ou en .xlsx depuis le logiciel de la bibliothèque.`,
    );
  }
  if (startsWith(bytes, zip)) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 128));
    if (head.includes('mimetypeapplication/vnd.oasis.opendocument')) {
      throw unreadable(
        `${name} est un document OpenDocument (LibreOffice, .ods), format qui n’est pas lu : ${saveAsAdvice}.`,
      );
    }
    return 'xlsx';
  }
  return 'csv';
}

/** Control characters that never appear in a text export (tab, line breaks and DOS's end-of-file mark aside). */
function isStrangeControl(code: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d && code !== 0x1a;
  return code >= 0x7f && code <= 0x9f;
}

const endOfFile = 0x1a;

/**
 * Refuses decoded text that is not a table: binary content (NUL bytes, or more than 1 % of control
 * characters), a web page or XML document (often saved as `.xls`), JSON, nothing but blank lines.
 * Returns the text without the DOS end-of-file mark some old exports end with.
 */
export function checkText(decoded: string, fileName: string): string {
  const name = quoted(fileName);
  // Only the last characters: the mark is at the very end, maybe followed by a line break.
  const floor = Math.max(0, decoded.length - 1024);
  let end = decoded.length;
  while (end > floor && (decoded.charCodeAt(end - 1) === endOfFile || /\s/.test(decoded.charAt(end - 1))))
    end -= 1;
  const text = decoded.slice(end).includes('\u001a') ? decoded.slice(0, end) : decoded;
  const binary = `${name} n’est ni un fichier texte (CSV) ni un classeur Excel (.xlsx) lisible.`;
  if (text.includes(String.fromCharCode(0))) throw unreadable(binary);
  const sample = text.slice(0, 65_536);
  let strange = 0;
  for (let i = 0; i < sample.length; i += 1) if (isStrangeControl(sample.charCodeAt(i))) strange += 1;
  if (strange > Math.max(8, sample.length / 100)) throw unreadable(binary);

  const trimmed = text.trim();
  if (trimmed === '') throw unreadable(`${name} ne contient que des lignes vides.`);
  if (trimmed.startsWith('<')) {
    const what = /urn:schemas-microsoft-com:office:spreadsheet/.test(sample)
      ? 'un classeur « XML 2003 »'
      : 'une page web (HTML) ou un document XML';
    throw unreadable(`${name} est ${what}, pas un fichier CSV ni un classeur .xlsx : ${saveAsAdvice}.`);
  }
  const first = trimmed[0];
  const last = trimmed[trimmed.length - 1];
  if ((first === '{' && last === '}') || (first === '[' && last === ']')) {
    throw unreadable(
      `${name} contient des données JSON, pas un tableau : exportez la liste des lecteurs en CSV ou en .xlsx.`,
    );
  }
  return text;
}
