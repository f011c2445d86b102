import { searchKey } from './text.ts';

/**
 * How the geography pickers order what a search finds: names exact → beginning with it → containing it,
 * then codes, then anything whose words are all somewhere (a commune's EPCI…).
 */

export interface FormerName {
  /** The former commune's INSEE code (a commune nouvelle often keeps its chef-lieu's). */
  insee: string;
  name: string;
  kind: 'delegated' | 'associated' | 'merged' | 'renamed';
}

export interface SearchableCommune {
  insee: string;
  name: string;
  epciName: string;
  postalCodes?: readonly string[];
  formerNames?: readonly FormerName[];
}

export interface FoundCommune<T> {
  commune: T;
  /** What the search found it by: its name, a former name, its INSEE code, a postal code, words anywhere. */
  by: 'name' | 'formerName' | 'insee' | 'postalCode' | 'words';
  /** The former name the search found it by (a former commune's code too), when it was not its own name. */
  formerName: FormerName | null;
}

interface Keys {
  name: string;
  insee: string;
  former: { key: string; former: FormerName }[];
  everything: string;
}

// The same commune objects are searched at every key stroke: their folded keys are kept with them.
const keysOf = new WeakMap<object, Keys>();

function keys(commune: SearchableCommune): Keys {
  let known = keysOf.get(commune);
  if (!known) {
    const formerNames = commune.formerNames ?? [];
    known = {
      name: searchKey(commune.name),
      insee: commune.insee.toLowerCase(),
      former: formerNames.map((former) => ({ key: searchKey(former.name), former })),
      everything: searchKey(
        [
          commune.name,
          commune.epciName,
          commune.insee,
          ...(commune.postalCodes ?? []),
          ...formerNames.map((f) => f.name),
        ].join(' '),
      ),
    };
    keysOf.set(commune, known);
  }
  return known;
}

/** 0 the text itself, 1 beginning with it, 2 containing it, else null. */
function textRank(text: string, wanted: string): number | null {
  if (text === wanted) return 0;
  if (text.startsWith(wanted)) return 1;
  if (text.includes(wanted)) return 2;
  return null;
}

/**
 * The communes a search matches, best first: by name (the commune of that very name, then those whose name
 * begins with it, then those containing it), each tier followed by the communes whose former name matches
 * the same way (« labastide-murat » → Cœur de Causse); an INSEE code (2A/2B as typed, in any case) and a
 * postal code of 5 digits find their communes at once, the beginning of a code after the names; last, the
 * communes whose every word is somewhere — so "figeac" then ↓ Entrée picks Figeac, not the first commune
 * of CC Grand-Figeac in alphabetical order.
 */
export function searchCommunes<T extends SearchableCommune>(
  communes: readonly T[],
  search: string,
): FoundCommune<T>[] {
  const wanted = searchKey(search);
  if (!wanted) return communes.map((commune) => ({ commune, by: 'name', formerName: null }));
  // Codes are typed with or without spaces: « 46 240 », « 2A 004 ».
  const code = wanted.replace(/ /g, '');
  const isCode = /^[0-9][0-9ab][0-9]{3}$/.test(code);
  const isPostalCode = /^[0-9]{5}$/.test(code);
  const isCodeStart = code.length >= 2 && /^[0-9][0-9ab]?[0-9]*$/.test(code);

  const found: (FoundCommune<T> & { rank: number })[] = [];
  for (const commune of communes) {
    const k = keys(commune);
    let best: (FoundCommune<T> & { rank: number }) | null = null;
    const better = (rank: number, by: FoundCommune<T>['by'], formerName: FormerName | null = null) => {
      if (best === null || rank < best.rank) best = { commune, by, formerName, rank };
    };

    const byName = textRank(k.name, wanted);
    if (byName !== null) better(byName * 5, 'name');
    for (const { key, former } of k.former) {
      const byFormer = textRank(key, wanted);
      if (byFormer !== null) better(byFormer * 5 + 1, 'formerName', former);
    }
    if (isCode) {
      if (k.insee === code) better(2, 'insee');
      const formerCode = commune.formerNames?.find((former) => former.insee.toLowerCase() === code);
      if (formerCode && formerCode.insee !== commune.insee) better(3, 'formerName', formerCode);
    }
    if (isPostalCode && commune.postalCodes?.includes(code)) better(4, 'postalCode');
    if (isCodeStart) {
      if (k.insee.startsWith(code)) better(15, 'insee');
      if (commune.postalCodes?.some((postalCode) => postalCode.startsWith(code))) better(16, 'postalCode');
    }
    if (best === null && matchesKey(k.everything, wanted)) {
      // Every word somewhere: a former name holding them all names the result.
      const former = k.former.find(({ key }) => matchesKey(key, wanted));
      if (former && !matchesKey(k.name, wanted)) better(20, 'formerName', former.former);
      else better(20, 'words');
    }
    if (best !== null) found.push(best);
  }
  return found.sort((a, b) => a.rank - b.rank).map(({ rank: _rank, ...result }) => result);
}

/** The communes a search matches, best first (see searchCommunes). */
export function rankCommunes<T extends SearchableCommune>(communes: readonly T[], search: string): T[] {
  return searchCommunes(communes, search).map(({ commune }) => commune);
}

/** « Cœur de Causse (ancienne Labastide-Murat) », « Le Vigan-en-Quercy (anciennement Le Vigan) ». */
export function formerNameLabel(name: string, former: FormerName): string {
  return former.kind === 'renamed'
    ? `${name} (anciennement ${former.name})`
    : `${name} (ancienne ${former.name})`;
}

/**
 * A commune found, as a picker lists it: by what found it when that was not its name — « Cœur de Causse
 * (ancienne Labastide-Murat) », « Rocamadour (INSEE 46240) », « Ussel (code postal 46240) » — else with
 * its EPCI, « Figeac (CC Grand-Figeac) ».
 */
export function foundLabel(found: FoundCommune<SearchableCommune>, search: string): string {
  const { commune } = found;
  if (found.formerName) return formerNameLabel(commune.name, found.formerName);
  const code = searchKey(search).replace(/ /g, '');
  if (found.by === 'insee' && code.length === 5) return `${commune.name} (INSEE ${commune.insee})`;
  if (found.by === 'postalCode') {
    const postalCode = commune.postalCodes?.find((p) => p.startsWith(code));
    if (code.length === 5 && postalCode) return `${commune.name} (code postal ${postalCode})`;
  }
  return `${commune.name} (${commune.epciName})`;
}

/**
 * The EPCI a search matches, best first: by name exact → beginning with it → containing it, then a SIREN
 * (9 digits, spaces allowed) and the beginning of one, then those whose every word is in the name.
 */
export function rankEpcis<T extends { siren: string; name: string }>(
  epcis: readonly T[],
  search: string,
): T[] {
  const wanted = searchKey(search);
  if (!wanted) return [...epcis];
  const digits = wanted.replace(/ /g, '');
  const isDigits = /^[0-9]+$/.test(digits);
  const found: { epci: T; rank: number }[] = [];
  for (const epci of epcis) {
    const name = searchKey(epci.name);
    let rank = textRank(name, wanted);
    if (rank === null && isDigits) {
      if (epci.siren === digits) rank = 3;
      else if (epci.siren.startsWith(digits)) rank = 4;
    }
    if (rank === null && matchesKey(name, wanted)) rank = 5;
    if (rank !== null) found.push({ epci, rank });
  }
  return found.sort((a, b) => a.rank - b.rank).map(({ epci }) => epci);
}

/** Every word of an already folded query in an already folded text (matchesSearch without folding twice). */
function matchesKey(text: string, wanted: string): boolean {
  return wanted.split(' ').every((word) => text.includes(word));
}
