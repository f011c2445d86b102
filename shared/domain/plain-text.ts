import { z } from 'zod';

/**
 * Text that people type or files carry, as both ends of the sync accept it — one definition, used by the
 * desktop's contract (shared/contract.ts, shared/domain/) and by the central service's row rules
 * (central/sync/tables.ts): no control character (a NUL typed by accident or left by a damaged export is
 * refused by PostgreSQL), no half of a surrogate pair (it has no UTF-8 form), and line breaks only in
 * multi-line notes. Tabs pass: pasted from a spreadsheet, they are harmless.
 */
export function isControlCharacter(code: number, multiline = true): boolean {
  if (code === 10 || code === 13) return !multiline;
  return (code < 32 && code !== 9) || code === 127;
}

export function hasControlCharacters(text: string, multiline = true): boolean {
  for (let i = 0; i < text.length; i += 1) if (isControlCharacter(text.charCodeAt(i), multiline)) return true;
  return false;
}

/** Whether any string inside `value` (objects and arrays walked) holds a control character. */
export function containsControlCharacters(value: unknown): boolean {
  if (typeof value === 'string') return hasControlCharacters(value);
  if (Array.isArray(value)) return value.some(containsControlCharacters);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).some(
      ([key, inner]) => hasControlCharacters(key) || containsControlCharacters(inner),
    );
  return false;
}

export const controlCharacterMessage =
  'Le texte contient un caractère invisible interdit (caractère de contrôle) : retapez-le sans copier-coller.';
const lineBreakMessage =
  'Le texte contient un retour à la ligne ou un caractère invisible interdit (caractère de contrôle) : une seule ligne, retapez-la sans copier-coller.';
const loneSurrogateMessage = 'Le texte contient un caractère illisible (encodage invalide) : retapez-le.';

/** A lone surrogate is a code point of category Cs when read code point by code point (`u`). */
const loneSurrogate = /\p{Cs}/u;

function textSchema(max: number, multiline: boolean, trim: boolean) {
  return (trim ? z.string().trim() : z.string())
    .max(max)
    .refine(
      (text) => !hasControlCharacters(text, multiline),
      multiline ? controlCharacterMessage : lineBreakMessage,
    )
    .refine((text) => !loneSurrogate.test(text), loneSurrogateMessage);
}

/**
 * Multi-line text (notes) of at most `max` characters. `trim`: what staff type loses its surrounding
 * spaces first (the contract's inputs); the server checks values as they come.
 */
export const plainText = (max: number, options: { trim?: boolean } = {}) =>
  textSchema(max, true, options.trim ?? false);

/** One line (a name, a code, an e-mail, a label): as `plainText`, without line breaks. */
export const plainLine = (max: number, options: { trim?: boolean } = {}) =>
  textSchema(max, false, options.trim ?? false);
