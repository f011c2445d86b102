/** Characters that take no room: zero-width spaces and joiners, word joiner, stray BOM, soft hyphen. */
const invisible = /[\u200B-\u200D\u2060\uFEFF\u00AD\u180E]/g;

/**
 * A cell as people meant it: invisible characters removed, every run of whitespace (no-break spaces,
 * tabs and line breaks included) made one space, trimmed.
 */
export function cleanText(value: string | null | undefined): string {
  if (!value) return '';
  // Most cells are already clean: one test instead of three new strings.
  if (!needsCleaning.test(value)) return value;
  return value.replace(invisible, '').replace(/\s+/g, ' ').trim();
}

const needsCleaning = /[\u200B-\u200D\u2060\uFEFF\u00AD\u180E]|\s\s|[^\S ]|^\s|\s$/;
