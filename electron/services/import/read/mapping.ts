import { cleanText } from './clean.ts';
import { byShape, fits, isGeneric, type Profile, profile } from './column-profile.ts';
import type { PatronField } from './fields.ts';
import { containsRun, headerKey, synonymKeys } from './header-synonyms.ts';

/** Which column (0-based index) fills each field; a column fills at most one field. */
export type Mapping = Partial<Record<PatronField, number>>;

interface Candidate {
  column: number;
  field: PatronField;
  score: number;
}

/**
 * Suggests which column fills each field. Headers first: a header equal to a synonym, then one that
 * contains a synonym (« Date de naissance du lecteur ») if the sample's values fit the field. Then, for
 * columns and fields still free, the shapes of the values: e-mails, 5-digit postal codes, years,
 * dates (the oldest are birth dates, then registration before expiry), identifiers, names.
 * Columns left out are ignored.
 */
export function suggestMapping(headers: string[], sample: string[][], today: string): Mapping {
  const profiles = headers.map((header, column) =>
    profile(
      sample.map((row) => cleanText(row[column])),
      isGeneric(header),
      today,
    ),
  );
  const candidates: Candidate[] = [];
  headers.forEach((header, column) => {
    const words = headerKey(header);
    if (words.length === 0) return;
    // « Nom prénom » in one column is neither field.
    if (words.includes('nom') && words.includes('prenom')) return;
    for (const { field, words: synonym, exactOnly } of synonymKeys) {
      if (synonym.length === 0) continue;
      const exact = synonym.length === words.length && containsRun(words, synonym);
      if (exact) {
        candidates.push({ column, field, score: 1000 + synonym.join(' ').length });
      } else if (!exactOnly && containsRun(words, synonym) && fits(field, profiles[column] as Profile)) {
        candidates.push({ column, field, score: 10 * synonym.length + synonym.join(' ').length / 100 });
      }
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.column - b.column);
  const mapping: Mapping = {};
  const used = new Set<number>();
  for (const { column, field } of candidates) {
    if (mapping[field] !== undefined || used.has(column)) continue;
    mapping[field] = column;
    used.add(column);
  }
  byShape(mapping, used, profiles, today);
  return mapping;
}

/** The saved profile (field → header name) where its headers are in this file, the suggestions for the other fields. */
export function mappingWithProfile(
  suggested: Mapping,
  headers: string[],
  profile: Partial<Record<PatronField, string>> | undefined,
): Mapping {
  if (!profile) return suggested;
  const mapping: Mapping = {};
  for (const [field, header] of Object.entries(profile) as [PatronField, string][]) {
    const index = headers.indexOf(header);
    if (index >= 0) mapping[field] = index;
  }
  const used = new Set(Object.values(mapping));
  for (const [field, index] of Object.entries(suggested) as [PatronField, number][]) {
    if (mapping[field] === undefined && !used.has(index)) mapping[field] = index;
  }
  return mapping;
}
