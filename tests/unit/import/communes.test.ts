import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { FormerNameRow } from '../../../db/queries/communes.ts';
import {
  communeTable,
  loadCommuneResolver,
  type ResolvedCommune,
} from '../../../electron/services/import/communes.ts';
import { searchKey } from '../../../shared/text.ts';

/**
 * The resolver searches sorted lines (communes.ts); this is the rule it must keep, written the plain way:
 * the candidates of the reference data and the former names under a postal code (else a name), kept when
 * unambiguous.
 */
function plainResolver(formerNames: readonly FormerNameRow[]) {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@etalab/decoupage-administratif/data/communes.json');
  const communes = (
    JSON.parse(fs.readFileSync(file, 'utf8')) as {
      code: string;
      nom: string;
      type: string;
      codesPostaux?: string[];
    }[]
  )
    .filter((commune) => commune.type === 'commune-actuelle')
    .map((commune) => ({
      key: searchKey(commune.nom),
      postalCodes: commune.codesPostaux ?? [],
      resolved: { insee: commune.code, former: null } as ResolvedCommune,
    }));
  const postalCodesOf = new Map(communes.map((commune) => [commune.resolved.insee, commune.postalCodes]));
  const candidates = [
    ...communes,
    ...formerNames.map((former) => ({
      key: searchKey(former.name),
      postalCodes: postalCodesOf.get(former.insee) ?? [],
      resolved: {
        insee: former.insee,
        former: { name: former.name, currentName: former.currentName, kind: former.kind },
      },
    })),
  ];
  const byPostalCode = new Map<string, typeof candidates>();
  const byKey = new Map<string, typeof candidates>();
  const fileUnder = (
    map: Map<string, typeof candidates>,
    at: string,
    candidate: (typeof candidates)[number],
  ) => map.set(at, [...(map.get(at) ?? []), candidate]);
  for (const candidate of candidates) {
    for (const postalCode of candidate.postalCodes) fileUnder(byPostalCode, postalCode, candidate);
    fileUnder(byKey, candidate.key, candidate);
  }
  return (postalCode: string | null, key: string | null): string | null => {
    const pool = postalCode !== null ? byPostalCode.get(postalCode) : key !== null ? byKey.get(key) : [];
    const found = (pool ?? []).filter((candidate) =>
      key === null ? candidate.resolved.former === null : candidate.key === key,
    );
    const insees = new Set(found.map((candidate) => candidate.resolved.insee));
    if (insees.size !== 1) return null;
    const answer = found.find((candidate) => candidate.resolved.former === null) ?? found[0];
    return JSON.stringify(answer?.resolved);
  };
}

describe('the commune resolver', () => {
  const formerNames: FormerNameRow[] = [
    {
      insee: '46138',
      currentName: 'Cœur de Causse',
      formerInsee: '46149',
      name: 'Labastide-Murat',
      kind: 'delegated',
    },
    {
      insee: '46334',
      currentName: 'Le Vigan-en-Quercy',
      formerInsee: '46334',
      name: 'Le Vigan',
      kind: 'renamed',
    },
    // A former name that is also a current commune's elsewhere, and one folding to today's own name.
    { insee: '46102', currentName: 'Figeac', formerInsee: '46102', name: 'Saint-Cirq', kind: 'renamed' },
    { insee: '46102', currentName: 'Figeac', formerInsee: '46102', name: 'FIGEAC', kind: 'renamed' },
  ];
  const table = communeTable();
  const resolve = loadCommuneResolver(formerNames, table);
  const plain = plainResolver(formerNames);
  const lines = table.byPostalCode.split('\n').map((line) => line.split('\t') as [string, string, string]);

  it('answers as the plain rule does, for every postal code and name of the reference data', () => {
    const asked: [string | null, string | null][] = [
      ['46240', 'labastide murat'],
      [null, 'labastide murat'],
      ['46300', 'le vigan'],
      [null, 'le vigan'],
      ['46100', 'figeac'],
      [null, 'saint cirq'],
      ['46100', null],
      ['99999', 'figeac'],
      [null, null],
    ];
    // Each postal code and name of the 39,000 lines, together and alone: ambiguous ones among them.
    for (const [postalCode, key] of lines) asked.push([postalCode, key], [null, key], [postalCode, null]);
    const answer = (postalCode: string | null, key: string | null) => {
      const found = resolve(postalCode, key);
      return found === null ? null : JSON.stringify(found);
    };
    const differ = asked.filter(([postalCode, key]) => answer(postalCode, key) !== plain(postalCode, key));
    expect(differ).toEqual([]);
    expect(asked.length).toBeGreaterThan(100_000);
  });

  it('crosses a worker’s start as three strings', () => {
    expect(Object.values(table).every((text) => typeof text === 'string')).toBe(true);
    expect(lines.length).toBeGreaterThan(35_000);
  });
});
