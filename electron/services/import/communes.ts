import fs from 'node:fs';
import { createRequire } from 'node:module';
import { searchKey } from '../../../shared/text.ts';

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  codesPostaux?: string[];
}

export type CommuneResolver = (postalCode: string | null, communeName: string | null) => string | null;

/**
 * Postal code + commune name → INSEE code, from the current geography of @etalab/decoupage-administratif
 * (all of France: patrons live across the border too). Only an unambiguous answer is given: a postal code
 * serves several communes, and many names exist in several départements.
 */
export function loadCommuneResolver(): CommuneResolver {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@etalab/decoupage-administratif/data/communes.json');
  const communes = (JSON.parse(fs.readFileSync(file, 'utf8')) as RawCommune[]).filter(
    (c) => c.type === 'commune-actuelle',
  );
  const byPostalCode = new Map<string, { code: string; key: string }[]>();
  const byName = new Map<string, string[]>();
  for (const commune of communes) {
    const key = searchKey(commune.nom);
    for (const postalCode of commune.codesPostaux ?? []) {
      const list = byPostalCode.get(postalCode) ?? [];
      list.push({ code: commune.code, key });
      byPostalCode.set(postalCode, list);
    }
    byName.set(key, [...(byName.get(key) ?? []), commune.code]);
  }
  const only = (codes: string[]) => (codes.length === 1 ? (codes[0] as string) : null);
  const cache = new Map<string, string | null>();

  return (postalCode, communeName) => {
    const cacheKey = `${postalCode ?? ''}|${communeName ?? ''}`;
    const cached = cache.get(cacheKey);
    if (cached !== undefined) return cached;
    const key = communeName
      ? searchKey(communeName)
          .replace(/\bst\b/g, 'saint')
          .replace(/\bste\b/g, 'sainte')
      : null;
    const candidates = postalCode ? (byPostalCode.get(postalCode) ?? []) : null;
    let found: string | null;
    if (candidates && key) found = only(candidates.filter((c) => c.key === key).map((c) => c.code));
    else if (candidates) found = only(candidates.map((c) => c.code));
    else found = key ? only(byName.get(key) ?? []) : null;
    cache.set(cacheKey, found);
    return found;
  };
}
