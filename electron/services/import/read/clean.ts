import { isControlCharacter } from '../../../../shared/domain/plain-text.ts';

/** Characters that take no room: zero-width spaces and joiners, word joiner, stray BOM, soft hyphen. */
const invisible = /[\u200B-\u200D\u2060\uFEFF\u00AD\u180E]/g;

/**
 * A cell as people meant it: invisible characters removed, every run of whitespace (no-break spaces,
 * tabs and line breaks included) made one space, trimmed.
 */
export function cleanText(value: string | null | undefined): string {
  if (!value) return '';
  // Most cells are already clean: one scan instead of three new strings.
  if (isClean(value)) return value;
  return withoutControls(value).replace(invisible, '').replace(/\s+/g, ' ').trim();
}

/** Control characters other than whitespace (a NUL left by a damaged export): the database refuses them. */
function withoutControls(value: string): string {
  let kept = '';
  for (const char of value) if (!isControlCharacter(char.charCodeAt(0))) kept += char;
  return kept;
}

/**
 * No invisible character, no control character, no whitespace but single inner spaces — what `/[invisible]|\s\s|[^\S ]|^\s|\s$/`
 * tests, as a loop over char codes: a million cells per file made the regular expression's call the cost.
 */
export function isClean(value: string): boolean {
  const last = value.length - 1;
  for (let i = 0; i <= last; i += 1) {
    const code = value.charCodeAt(i);
    if (code === 32) {
      if (i === 0 || i === last || value.charCodeAt(i + 1) === 32) return false;
    } else if (code < 32 || code === 127 || (code > 126 && isSpaceOrInvisible(code))) {
      return false;
    }
  }
  return true;
}

/** JavaScript's `\s` beyond ASCII, and the invisible characters above. */
function isSpaceOrInvisible(code: number): boolean {
  return (
    code === 0xa0 ||
    code === 0xad ||
    code === 0x1680 ||
    code === 0x180e ||
    (code >= 0x2000 && code <= 0x200d) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x2060 ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
