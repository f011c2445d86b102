/**
 * Words that must never reach what people read — a document a collectivity receives, a screen staff use:
 * the program's internal vocabulary (how money is stored, how a sheet is edited, a département by its
 * bare code, a package or a framework) and the marks of a bug (a missing value, an object or an error
 * printed as text). The one list the document and screen tests share.
 */
export const forbiddenWords = [
  // Internal vocabulary
  'dix-millièmes',
  'centimes (non arrondi)',
  'en centimes',
  'cellules jaunes',
  'cellule jaune',
  'rate_e4',
  'rateE4',
  'amount_cents',
  'cents',
  'département 46',
  'departement 46',
  'node_modules',
  '@etalab',
  'React Router',
  'Hey developer',
  'TODO',
  // A bug showing through
  'undefined',
  'null',
  'NaN',
  'Infinity',
  '[object Object]',
  '--by',
  'stack',
  'Error:',
] as const;

const escaped = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each word on its own (« NaN » but not « fiNANcement »), case-insensitive. */
const patterns = forbiddenWords.map(
  (word) => [word, new RegExp(`(?<![\\p{L}\\p{N}_])${escaped(word)}(?![\\p{L}\\p{N}_])`, 'iu')] as const,
);

/** The forbidden words found in `texts`, each with the text it was found in. */
export function forbiddenWordsIn(texts: readonly string[], allowed: readonly string[] = []): string[] {
  return texts.flatMap((text) =>
    patterns
      .filter(([word, pattern]) => !allowed.includes(word) && pattern.test(text))
      .map(([word]) => `« ${word} » in « ${text} »`),
  );
}

/**
 * On screens, staff may meet a commune's département by its number (« département 12 » beside a commune
 * of a Lot EPCI in the Aveyron): that is how they speak; a letter to a collectivity names it in words.
 */
export const allowedOnScreens = ['département 46', 'departement 46'] as const;
