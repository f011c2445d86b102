import type { Output } from '../../../shared/contract.ts';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import {
  type Encoding,
  encodingLabels,
  outcomeLabels,
  type PatronField,
} from '../../../shared/domain/patron.ts';

export type Summary = Output<'import.open'>;
export type Counts = Summary['counts'];
export type PreviewRow = Output<'import.preview'>['rows'][number];
type Change = PreviewRow['changes'][number];
export type Outcome = PreviewRow['outcome'];
/** The outcomes of the file's own rows (the others are stored patrons a full import would unregister). */
export type FileOutcome = Exclude<Outcome, 'unregistered'>;
export type PreviewFilter = Outcome | 'warning' | 'expired' | 'duplicate';
export type ImportMode = Summary['mode'];

/** The preview's tabs, in the order staff read them; the count of each comes from `counts`. */
export const previewTabs: {
  filter: PreviewFilter;
  label: string;
  count: (c: Counts) => number;
  color: string;
}[] = [
  { filter: 'created', label: outcomeLabels.created, count: (c) => c.created, color: 'teal' },
  { filter: 'updated', label: outcomeLabels.updated, count: (c) => c.updated, color: 'blue' },
  { filter: 'unchanged', label: outcomeLabels.unchanged, count: (c) => c.unchanged, color: 'gray' },
  { filter: 'rejected', label: outcomeLabels.rejected, count: (c) => c.rejected, color: 'red' },
  { filter: 'warning', label: 'Avertissements', count: (c) => c.warnings, color: 'orange' },
  // Not a problem of the file: the library has nothing to correct; shown so staff see how many.
  { filter: 'expired', label: 'Abonnements expirés', count: (c) => c.expired, color: 'gray' },
  {
    filter: 'duplicate',
    label: 'Doublons possibles',
    count: (c) => c.possibleDuplicates,
    color: 'grape',
  },
  { filter: 'excluded', label: outcomeLabels.excluded, count: (c) => c.excluded, color: 'dark' },
];

/** Full mode only: the library's stored patrons the file no longer lists. */
export const unregisteredTab: (typeof previewTabs)[number] = {
  filter: 'unregistered',
  label: 'Plus inscrits',
  count: (c) => c.unregistered,
  color: 'orange',
};

export const outcomeColors: Record<Outcome, string> = {
  created: 'teal',
  updated: 'blue',
  unchanged: 'gray',
  rejected: 'red',
  excluded: 'dark',
  unregistered: 'dark',
};

/** One row's fate in the singular ("Nouveau"), for a badge on that row. */
export const outcomeSingular: Record<Outcome, string> = {
  created: 'Nouveau',
  updated: 'Modifié',
  unchanged: 'Inchangé',
  rejected: 'Rejeté',
  excluded: 'Exclu',
  unregistered: 'Plus inscrit',
};

export const modeLabels: Record<ImportMode, string> = {
  incremental: 'incrémental',
  full: 'complet',
};

/** The stored columns an update may change (`changes` of a preview row), as staff name them. */
const columnLabels: Record<string, string> = {
  last_name: 'nom',
  first_name: 'prénom',
  birth_date: 'date de naissance',
  birth_year: 'année de naissance',
  email: 'courriel',
  postal_code: 'code postal',
  commune_insee: 'commune',
  commune_name: 'commune',
  registered_on: 'date d’inscription',
  expires_on: 'fin d’abonnement',
  category: 'catégorie',
  registered: 'réinscription',
};

const dateColumns = new Set(['birth_date', 'registered_on', 'expires_on']);

function shownValue(column: string, value: Change['before']): string {
  if (value === null || value === '') return 'vide';
  if (column === 'registered') return value === 1 ? 'inscrit' : 'plus inscrit';
  if (dateColumns.has(column) && typeof value === 'string') return formatDateFr(value);
  return String(value);
}

/**
 * What an update changes, old → new: « courriel : anne.vidal@orange.fr → anne.vidal@gmail.com ». A
 * commune's INSEE code follows its name: shown only when the name stays.
 */
export function changeTexts(changes: Change[]): string[] {
  const nameChanges = changes.some((change) => change.column === 'commune_name');
  return changes
    .filter((change) => !(change.column === 'commune_insee' && nameChanges))
    .map(
      ({ column, before, after }) =>
        `${columnLabels[column] ?? column} : ${shownValue(column, before)} → ${shownValue(column, after)}`,
    );
}

const delimiterNames: Record<string, string> = {
  ';': 'point-virgule ( ; )',
  ',': 'virgule ( , )',
  '\t': 'tabulation',
  '|': 'barre verticale ( | )',
};

export function delimiterLabel(delimiter: string | null): string {
  if (delimiter === null) return '—';
  return delimiterNames[delimiter] ?? `« ${delimiter} »`;
}

export function encodingLabel(encoding: Encoding | null): string {
  return encoding ? encodingLabels[encoding] : '—';
}

/** 0 → "A", 25 → "Z", 26 → "AA": columns named as a spreadsheet shows them. */
export function columnLetter(index: number): string {
  let name = '';
  let n = index + 1;
  while (n > 0) {
    const rest = (n - 1) % 26;
    name = String.fromCharCode(65 + rest) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

/** Without these two, every row is rejected: the wizard asks for them before the preview. */
export const requiredFields: PatronField[] = ['cardNumber', 'lastName'];
