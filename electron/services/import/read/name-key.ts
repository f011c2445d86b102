import { memoize, searchKey } from '../../../../shared/text.ts';

const apostrophes = /['’‘ʼʹ`´]/g;

/**
 * The key that finds the same person across libraries: last and first names with accents, case,
 * apostrophes, hyphens, spaces and the œ/æ ligatures folded, so « Cœur » ≡ « COEUR », « d’Arcy » ≡
 * « D'ARCY », « Sénéchal » ≡ « SENECHAL », « Jean-Pierre » ≡ « JEAN PIERRE ».
 */
export function nameKey(lastName: string | null, firstName: string | null): string {
  return `${foldName(lastName ?? '')}|${foldName(firstName ?? '')}`;
}

const foldName = memoize((name: string) => searchKey(name.replace(apostrophes, '')).replace(/ /g, ''));
