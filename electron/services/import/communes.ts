import fs from 'node:fs';
import { createRequire } from 'node:module';
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

/**
 * France's current communes (@etalab/decoupage-administratif: patrons live across the border too) as the
 * resolver reads them: three texts of sorted lines, each searched by bisection, so that the lines sharing a
 * beginning (a postal code, a name) are one run. Reading the package's 8.6 MB of JSON and folding 35,000
 * names takes half a second to a second; an import worker makes this once and hands it to the process that
 * started it, which gives it to the next workers (`WorkerSetup.communes`). Three strings cross a worker's
 * start as a copy of bytes, where rebuilding maps of 35,000 communes took each worker 50–150 ms.
 */
export interface CommuneTable {
  /** `postal code \t folded name \t INSEE` for each postal code of each commune. */
  byPostalCode: string;
  /** `folded name \t INSEE`. */
  byName: string;
  /** `INSEE \t postal codes, space-separated`. */
  byInsee: string;
}

export function communeTable(): CommuneTable {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@etalab/decoupage-administratif/data/communes.json');
  const byPostalCode: string[] = [];
  const byName: string[] = [];
  const byInsee: string[] = [];
  for (const commune of JSON.parse(fs.readFileSync(file, 'utf8')) as RawCommune[]) {
    if (commune.type !== 'commune-actuelle') continue;
    const key = searchKey(commune.nom);
    const postalCodes = commune.codesPostaux ?? [];
    for (const postalCode of postalCodes) byPostalCode.push(`${postalCode}\t${key}\t${commune.code}`);
    byName.push(`${key}\t${commune.code}`);
    byInsee.push(`${commune.code}\t${postalCodes.join(' ')}`);
  }
  return { byPostalCode: sortedText(byPostalCode), byName: sortedText(byName), byInsee: sortedText(byInsee) };
}

/** Lines in code-unit order, the order `SortedLines` searches in. */
function sortedText(lines: string[]): string {
  return lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join('\n');
}

/** A text of sorted lines: the lines that begin with a given prefix. */
class SortedLines {
  private readonly starts: Uint32Array;

  constructor(private readonly text: string) {
    let count = text === '' ? 0 : 1;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
    this.starts = new Uint32Array(count + 1);
    let line = 1;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1))
      this.starts[line++] = at + 1;
    this.starts[count] = text.length + 1;
  }

  private line(index: number): string {
    return this.text.slice(this.starts[index], (this.starts[index + 1] as number) - 1);
  }

  /** Each line beginning with `prefix`, split at its tabs, the prefix's fields left out. */
  find(prefix: string): string[][] {
    const count = this.starts.length - 1;
    let low = 0;
    let high = count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.line(middle) < prefix) low = middle + 1;
      else high = middle;
    }
    const found: string[][] = [];
    const skip = prefix.split('\t').length - 1;
    for (let index = low; index < count; index++) {
      const line = this.line(index);
      if (!line.startsWith(prefix)) break;
      found.push(line.split('\t').slice(skip));
    }
    return found;
  }
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
  communes: CommuneTable = communeTable(),
): CommuneResolver {
  const byPostalCode = new SortedLines(communes.byPostalCode);
  const byName = new SortedLines(communes.byName);
  const byInsee = new SortedLines(communes.byInsee);
  // A former commune is looked for under today's commune's postal codes (Labastide-Murat: 46240).
  const formers = formerNames.map((former) => ({
    key: searchKey(former.name),
    postalCodes: byInsee.find(`${former.insee}\t`)[0]?.[0]?.split(' ') ?? [],
    resolved: {
      insee: former.insee,
      former: { name: former.name, currentName: former.currentName, kind: former.kind },
    },
  }));
  const current = (insee: string): ResolvedCommune => ({ insee, former: null });
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
    let found: ResolvedCommune | null = null;
    if (postalCode && key)
      found = only([
        ...byPostalCode.find(`${postalCode}\t${key}\t`).map(([insee]) => current(insee as string)),
        ...formers
          .filter((former) => former.key === key && former.postalCodes.includes(postalCode))
          .map((former) => former.resolved),
      ]);
    else if (postalCode)
      found = only(byPostalCode.find(`${postalCode}\t`).map(([, insee]) => current(insee as string)));
    else if (key)
      found = only([
        ...byName.find(`${key}\t`).map(([insee]) => current(insee as string)),
        ...formers.filter((former) => former.key === key).map((former) => former.resolved),
      ]);
    cache.set(cacheKey, found);
    return found;
  };
}
