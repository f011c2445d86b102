import fs from 'node:fs';
import path from 'node:path';
import { searchKey } from '../../shared/text.ts';
import type { CommuneFormerNameTable } from '../schema.ts';
import { describeReferencePackage, shippedReferencePackages } from './decoupage.ts';

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  codesPostaux?: string[];
  /** On a current commune: the codes of the communes it took in (merged or kept as déléguées). */
  anciensCodes?: string[];
  /** On a commune déléguée or associée: today's commune it belongs to. */
  chefLieu?: string;
}

export type FormerKind = CommuneFormerNameTable['kind'];

export interface FormerCommuneName {
  /** Today's commune. */
  communeInsee: string;
  formerInsee: string;
  name: string;
  /**
   * delegated: a commune déléguée of today's commune nouvelle; associated: a commune associée (a fusion);
   * merged: a commune an older vintage lists, now within today's; renamed: today's commune under an older name.
   */
  kind: FormerKind;
}

export interface CommuneAliases {
  postalCodes: { communeInsee: string; postalCode: string }[];
  formerNames: FormerCommuneName[];
}

const cache = new Map<string, CommuneAliases>();

/**
 * The postal codes (newest vintage) and former names (every vintage that ships) of the current communes in
 * `wanted`, from @etalab/decoupage-administratif's communes.json. A former name that folds to today's name
 * (Castelnau-Montratier, commune déléguée of Castelnau-Montratier) is no alias and is left out.
 */
export function loadCommuneAliases(
  wanted: ReadonlySet<string>,
  packageNames: readonly string[] = shippedReferencePackages,
): CommuneAliases {
  const packages = packageNames.map((name) => describeReferencePackage(name));
  const cacheKey = `${packages.map((p) => p.source).join('|')}|${[...wanted].sort().join(',')}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;

  const vintages = packages.map((pkg) => readCommunes(pkg.root));
  const newest = vintages.at(-1) ?? [];
  const current = new Map<string, RawCommune>();
  for (const commune of newest) if (commune.type === 'commune-actuelle') current.set(commune.code, commune);
  // Any code a commune had → today's commune holding it.
  const holder = new Map<string, string>();
  for (const commune of newest) {
    if (commune.type === 'commune-actuelle')
      for (const code of commune.anciensCodes ?? []) holder.set(code, commune.code);
    else if (commune.chefLieu && current.has(commune.chefLieu)) holder.set(commune.code, commune.chefLieu);
  }
  const today = (code: string) => (current.has(code) ? code : (holder.get(code) ?? null));

  const formerNames: FormerCommuneName[] = [];
  const seen = new Set<string>();
  const add = (communeInsee: string | null, formerInsee: string, name: string, kind: FormerKind) => {
    if (!communeInsee || !wanted.has(communeInsee)) return;
    const key = searchKey(name);
    if (key === searchKey(current.get(communeInsee)?.nom ?? '')) return;
    const id = `${communeInsee}|${formerInsee}|${key}`;
    if (seen.has(id)) return;
    seen.add(id);
    formerNames.push({ communeInsee, formerInsee, name, kind });
  };
  // What the data says of a commune déléguée or associée first (newest vintage first), then what an older
  // vintage's current communes tell: a commune since merged, or renamed under the same code.
  for (const vintage of [...vintages].reverse()) {
    for (const commune of vintage) {
      if (commune.type === 'commune-deleguee' || commune.type === 'commune-associee') {
        const kind = commune.type === 'commune-deleguee' ? 'delegated' : 'associated';
        add(commune.chefLieu ? today(commune.chefLieu) : null, commune.code, commune.nom, kind);
      }
    }
  }
  for (const vintage of vintages.slice(0, -1).reverse()) {
    for (const commune of vintage) {
      if (commune.type !== 'commune-actuelle') continue;
      const holding = today(commune.code);
      add(holding, commune.code, commune.nom, holding === commune.code ? 'renamed' : 'merged');
    }
  }

  const postalCodes: CommuneAliases['postalCodes'] = [];
  for (const insee of wanted) {
    for (const postalCode of new Set(current.get(insee)?.codesPostaux ?? []))
      postalCodes.push({ communeInsee: insee, postalCode });
  }

  const aliases = { postalCodes, formerNames };
  cache.set(cacheKey, aliases);
  return aliases;
}

function readCommunes(root: string): RawCommune[] {
  return JSON.parse(fs.readFileSync(path.join(root, 'data', 'communes.json'), 'utf8')) as RawCommune[];
}
