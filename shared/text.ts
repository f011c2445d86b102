/**
 * Accent-, case- and punctuation-insensitive keys, so that "figeac" finds "CC Grand-Figeac"
 * and "LAPEZE" finds "Lapèze". Ligatures are spelled out because NFD does not decompose them.
 */
const ligatures: Record<string, string> = { œ: 'oe', Œ: 'oe', æ: 'ae', Æ: 'ae', ß: 'ss' };

export function searchKey(text: string): string {
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
