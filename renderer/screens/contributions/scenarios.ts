import { type Scenario, scenarioSchema } from '../../../shared/domain/contributions/index.ts';
import type { Perimeter, Prorata } from '../../../shared/domain/convention.ts';
import type { PopulationBasis } from '../../../shared/domain/epci.ts';
import { formatEuros, formatEurosFr } from '../../../shared/domain/money.ts';

/** A degressive band as typed: its threshold (empty for the last band, « au-delà ») and its rate. */
export interface DraftBand {
  key: string;
  upTo: string;
  rate: string;
}

/** A convention of a scenario as typed in the page: text fields, checked only against the shared schema. */
export interface DraftConvention {
  key: string;
  epci: string;
  rate: string;
  start: string;
  end: string;
  basis: PopulationBasis;
  millesime: string;
  perimeter: Perimeter;
  prorata: Prorata;
  floor: string;
  cap: string;
  /** Degressive bands, the first at the convention's rate; absent or empty: one rate for everyone. */
  bands?: DraftBand[];
}

export interface DraftScenario {
  id: string;
  name: string;
  year: string;
  conventions: DraftConvention[];
}

export const nextYear = () => new Date().getFullYear() + 1;
export const newKey = () => Math.random().toString(36).slice(2, 10);

export function emptyConvention(year: number, millesime: string): DraftConvention {
  return {
    key: newKey(),
    epci: '',
    rate: '',
    start: `${year}-01-01`,
    end: '',
    basis: 'municipale',
    millesime,
    perimeter: 'epci',
    prorata: 'days',
    floor: '',
    cap: '',
  };
}

/** "10 000" → 10000; anything but a whole number → NaN, which the schema refuses in French. */
function count(text: string): number {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '');
  return /^\d+$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}

/** The draft's bands as the schema reads them: the last has no threshold, the first the convention's rate. */
function candidateBands(c: DraftConvention) {
  const bands = c.bands ?? [];
  if (bands.length === 0) return {};
  return {
    bands: bands.map((band, index) => ({
      upTo: index === bands.length - 1 ? null : count(band.upTo),
      rate: index === 0 ? c.rate : band.rate,
    })),
  };
}

/** Two bands to start from: the first 10 000 inhabitants at the convention's rate, a lower rate beyond. */
export const startingBands = (): DraftBand[] => [
  { key: newKey(), upTo: '10000', rate: '' },
  { key: newKey(), upTo: '', rate: '' },
];

/** The draft as the JSON the schema reads: empty optional fields are null. */
export function candidate(draft: DraftScenario): unknown {
  return {
    name: draft.name,
    year: draft.year.trim() === '' ? Number.NaN : Number(draft.year),
    conventions: draft.conventions.map((c) => ({
      epci: c.epci,
      rate: c.rate,
      start: c.start,
      end: c.end || null,
      basis: c.basis,
      millesime: Number(c.millesime),
      perimeter: c.perimeter,
      prorata: c.prorata,
      floor: c.floor || null,
      cap: c.cap || null,
      ...candidateBands(c),
    })),
  };
}

const fieldLabels: Record<string, string> = {
  name: 'Nom',
  year: 'Année',
  epci: 'EPCI',
  rate: 'Taux',
  start: 'Début',
  end: 'Fin',
  basis: 'Base',
  millesime: 'Millésime',
  perimeter: 'Périmètre',
  prorata: 'Prorata',
  floor: 'Plancher',
  cap: 'Plafond',
  bands: 'Tranches',
};

const bandFieldLabels: Record<string, string> = { upTo: 'seuil', rate: 'taux' };

/** The schema's French messages, each prefixed with where it applies ("Convention 1 — Taux : …"). */
export function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string[] {
  return issues.map((issue) => {
    const [first, index, field, band, bandField] = issue.path;
    if (
      first === 'conventions' &&
      typeof index === 'number' &&
      field === 'bands' &&
      typeof band === 'number'
    ) {
      const label = typeof bandField === 'string' ? ` (${bandFieldLabels[bandField] ?? bandField})` : '';
      return `Convention ${index + 1} — Tranche ${band + 1}${label} : ${issue.message}`;
    }
    if (first === 'conventions' && typeof index === 'number') {
      const label = typeof field === 'string' ? ` — ${fieldLabels[field] ?? field}` : '';
      return `Convention ${index + 1}${label} : ${issue.message}`;
    }
    const label = typeof first === 'string' ? (fieldLabels[first] ?? first) : 'Fichier';
    return `${label} : ${issue.message}`;
  });
}

export type Checked = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

type Issue = { path: PropertyKey[]; message: string };

/** The value at an issue's path in the draft (the draft's fields have the schema's names). */
function valueAt(draft: DraftScenario, path: readonly PropertyKey[]): unknown {
  let value: unknown = draft;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * What is left to do before the scenario can be compared, for the summary under the form. A field
 * nothing has been typed or chosen in yet is « à indiquer » (the EPCI « à choisir »), not an error: the
 * schema's message comes once something is there (« Taux invalide… »), or once the field shows its error.
 */
export function pendingIssues(draft: DraftScenario, shown: (path: string) => boolean): string[] {
  const parsed = scenarioSchema.safeParse(candidate(draft));
  if (parsed.success) return [];
  const paths = new Set(parsed.error.issues.map((issue) => issue.path.join('.')));
  // The first band's rate is the convention's own: its issue is the convention's.
  const own = parsed.error.issues.filter(
    ({ path: [first, index, bands, band, field] }) =>
      !(
        bands === 'bands' &&
        band === 0 &&
        field === 'rate' &&
        paths.has(`${String(first)}.${String(index)}.rate`)
      ),
  );
  const issues: Issue[] = own.map((issue) => {
    const value = valueAt(draft, issue.path);
    const empty = value === '' || value === null || value === undefined;
    if (!empty || shown(issue.path.join('.'))) return issue;
    const field = issue.path.at(-1);
    return { ...issue, message: field === 'epci' ? 'à choisir (ou tapez son SIREN)' : 'à indiquer' };
  });
  return [...new Set(describeIssues(issues))];
}

export function checkDraft(draft: DraftScenario): Checked {
  const parsed = scenarioSchema.safeParse(candidate(draft));
  if (parsed.success) return { ok: true, scenario: parsed.data };
  return { ok: false, errors: describeIssues(parsed.error.issues) };
}

/** A file's JSON checked by the shared schema, as a draft for the page. */
export function draftFromJson(
  text: string,
): { ok: true; draft: DraftScenario } | { ok: false; errors: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, errors: ['Ce fichier n’est pas un JSON valide.'] };
  }
  const parsed = scenarioSchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: describeIssues(parsed.error.issues) };
  return { ok: true, draft: toDraft(parsed.data) };
}

export function toDraft(scenario: Scenario): DraftScenario {
  return {
    id: newKey(),
    name: scenario.name,
    year: String(scenario.year),
    conventions: scenario.conventions.map((c) => ({
      key: newKey(),
      epci: c.epci,
      rate: c.rate.replace('.', ','),
      start: c.start,
      end: c.end ?? '',
      basis: c.basis,
      millesime: String(c.millesime),
      perimeter: c.perimeter,
      prorata: c.prorata,
      floor: c.floor?.replace('.', ',') ?? '',
      cap: c.cap?.replace('.', ',') ?? '',
      bands: (c.bands ?? []).map((band) => ({
        key: newKey(),
        upTo: band.upTo === null ? '' : String(band.upTo),
        rate: band.rate.replace('.', ','),
      })),
    })),
  };
}

/** Where earlier versions kept the scenarios, in this browser only (before they were stored, issue 16). */
const storageKey = 'mednum.scenarios';

/** The drafts an earlier version left in this browser, to be stored once (then forgotten here). */
export function legacyDrafts(): DraftScenario[] {
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey) ?? '[]') as unknown;
    return Array.isArray(stored) ? (stored as DraftScenario[]) : [];
  } catch {
    return [];
  }
}

/** Keeps only the drafts not stored yet (all stored: the key is removed), so none is stored twice. */
export function keepLegacyDrafts(rest: readonly DraftScenario[]): void {
  if (rest.length === 0) localStorage.removeItem(storageKey);
  else localStorage.setItem(storageKey, JSON.stringify(rest));
}

/**
 * A draft of an earlier version as a scenario the database accepts: its complete conventions kept, the
 * incomplete ones said in its notes (by EPCI) rather than silently lost; a missing name or year filled in.
 */
export function salvageDraft(draft: DraftScenario): { scenario: Scenario; notes: string } {
  const checked = checkDraft(draft);
  if (checked.ok) return { scenario: checked.scenario, notes: '' };
  const kept: Scenario['conventions'] = [];
  const dropped: string[] = [];
  for (const convention of draft.conventions ?? []) {
    const one = checkDraft({ ...draft, name: 'x', year: String(nextYear()), conventions: [convention] });
    if (one.ok && one.scenario.conventions[0]) kept.push(one.scenario.conventions[0]);
    else dropped.push(convention.epci || 'EPCI non choisi');
  }
  const year = Number(draft.year);
  return {
    scenario: {
      name: draft.name?.trim().slice(0, 120) || 'Scénario sans nom',
      year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : nextYear(),
      conventions: kept,
    },
    notes: dropped.length
      ? `Repris de ce navigateur : ${dropped.length} convention(s) incomplète(s) non reprise(s) (${dropped.join(', ')}).`
      : '',
  };
}

/** 687943 → "6 879,43 €". */
export const centsFr = (cents: number) => formatEurosFr(formatEuros(cents));

/** A signed difference in cents: "+ 9 041,72 €", "− 12,00 €", "0,00 €". */
export function deltaFr(cents: number): string {
  if (cents === 0) return centsFr(0);
  return `${cents > 0 ? '+' : '−'} ${centsFr(Math.abs(cents))}`;
}

/** A file name from a scenario's name, keeping accents but not path characters. */
export function fileNameOf(name: string, extension: string): string {
  const safe = name.replace(/[\\/:*?"<>|]/g, '_').trim() || 'scenario';
  return `${safe}.${extension}`;
}
