import fs from 'node:fs';
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import type { FormerNameRow } from '../../../db/queries/communes.ts';
import { searchKey } from '../../../shared/text.ts';

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  codesPostaux?: string[];
}

/** What a former commune's name, found in a file, stands for today. */
export interface FormerCommune {
  name: string;
  currentName: string;
  kind: FormerNameRow['kind'];
}

export interface ResolvedCommune {
  insee: string;
  /** Set when the file names a former commune (« Labastide-Murat » for Cœur de Causse). */
  former: FormerCommune | null;
}

export type CommuneResolver = (
  postalCode: string | null,
  communeName: string | null,
) => ResolvedCommune | null;

interface Candidate {
  key: string;
  resolved: ResolvedCommune;
}

/** A current commune as the resolver reads it: INSEE code, folded name, postal codes. */
type CommuneRow = [insee: string, key: string, postalCodes: string[]];

/**
 * France's current communes (@etalab/decoupage-administratif: patrons live across the border too) as the
 * resolver reads them, serialised. Reading the package's 8.6 MB of JSON and folding 35,000 names takes
 * half a second to a second; an import worker makes this once and hands it to the process that started
 * it, which gives it to the next workers (`WorkerSetup.communes`): about 50 ms to read back.
 */
export function communeTable(): Uint8Array {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@etalab/decoupage-administratif/data/communes.json');
  const rows: CommuneRow[] = (JSON.parse(fs.readFileSync(file, 'utf8')) as RawCommune[])
    .filter((c) => c.type === 'commune-actuelle')
    .map((c) => [c.code, searchKey(c.nom), c.codesPostaux ?? []]);
  return v8.serialize(rows);
}

/**
 * Postal code + commune name → INSEE code, from the current geography (`communes`, made by `communeTable`),
 * and from the former names of the communes the database knows (`formerNames`, db/queries/communes.ts: the
 * département's communes déléguées and renamed communes), which resolve to today's commune and say so. Only
 * an unambiguous answer is given: a postal code serves several communes, and many names exist in several
 * départements.
 */
export function loadCommuneResolver(
  formerNames: readonly FormerNameRow[] = [],
  communes: Uint8Array = communeTable(),
): CommuneResolver {
  const byPostalCode = new Map<string, Candidate[]>();
  const byName = new Map<string, ResolvedCommune[]>();
  const postalCodesOf = new Map<string, string[]>();
  const add = (key: string, postalCodes: readonly string[], resolved: ResolvedCommune) => {
    for (const postalCode of postalCodes) {
      const list = byPostalCode.get(postalCode) ?? [];
      list.push({ key, resolved });
      byPostalCode.set(postalCode, list);
    }
    const named = byName.get(key);
    if (named) named.push(resolved);
    else byName.set(key, [resolved]);
  };
  for (const [insee, key, postalCodes] of v8.deserialize(communes) as CommuneRow[]) {
    postalCodesOf.set(insee, postalCodes);
    add(key, postalCodes, { insee, former: null });
  }
  // A former commune is looked for under today's commune's postal codes (Labastide-Murat: 46240).
  for (const former of formerNames) {
    add(searchKey(former.name), postalCodesOf.get(former.insee) ?? [], {
      insee: former.insee,
      former: { name: former.name, currentName: former.currentName, kind: former.kind },
    });
  }
  // One answer, or none: two candidates for the same commune are one (its name, and a former name folding
  // to the same key), and today's name wins over a former one.
  const only = (found: ResolvedCommune[]): ResolvedCommune | null => {
    const first = found[0];
    if (!first) return null;
    let answer = first;
    for (const other of found) {
      if (other.insee !== first.insee) return null;
      if (other.former === null) answer = other;
    }
    return answer;
  };
  const cache = new Map<string, ResolvedCommune | null>();

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
    let found: ResolvedCommune | null;
    if (candidates && key) found = only(candidates.filter((c) => c.key === key).map((c) => c.resolved));
    else if (candidates)
      found = only(candidates.filter((c) => c.resolved.former === null).map((c) => c.resolved));
    else found = key ? only(byName.get(key) ?? []) : null;
    cache.set(cacheKey, found);
    return found;
  };
}
