/**
 * Accent-, case- and punctuation-insensitive keys, so that "figeac" finds "CC Grand-Figeac"
 * and "LAPEZE" finds "Lapèze". Ligatures are spelled out because NFD does not decompose them.
 */
const ligatures: Record<string, string> = { œ: 'oe', Œ: 'oe', æ: 'ae', Æ: 'ae', ß: 'ss' };
const asciiOnly = /^[ -~]*$/;

export function searchKey(text: string): string {
  // Most keys (card numbers, e-mails, many names) are plain ASCII: no accents or ligatures to fold.
  if (asciiOnly.test(text))
    return text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return text
    .replace(/[œŒæÆß]/g, (ch) => ligatures[ch] ?? ch)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** True when every word of the query appears, in any order, in the text. */
export function matchesSearch(text: string, query: string): boolean {
  const haystack = searchKey(text);
  return searchKey(query)
    .split(' ')
    .every((word) => haystack.includes(word));
}
