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

/**
 * `fold` with a bounded cache: names repeat (a file has far fewer distinct first and last names than
 * rows), and folding Unicode is the costly part of an import's analysis.
 */
export function memoize(fold: (text: string) => string, capacity = 50_000): (text: string) => string {
  const cache = new Map<string, string>();
  return (text) => {
    let folded = cache.get(text);
    if (folded === undefined) {
      folded = fold(text);
      if (cache.size >= capacity) cache.clear();
      cache.set(text, folded);
    }
    return folded;
  };
}

/** True when every word of the query appears, in any order, in the text. */
export function matchesSearch(text: string, query: string): boolean {
  const haystack = searchKey(text);
  return searchKey(query)
    .split(' ')
    .every((word) => haystack.includes(word));
}
