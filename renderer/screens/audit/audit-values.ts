import type { AuditEntry } from '../../../shared/domain/audit.ts';
import { perimeterLabels, populationBasisLabels, prorataLabels } from '../../../shared/domain/convention.ts';
import { pricingLabels } from '../../../shared/domain/costs.ts';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import { ilsLabels, libraryKindLabels } from '../../../shared/domain/library.ts';
import { formatEuros, formatEurosFr, formatRate } from '../../../shared/domain/money.ts';
import { onboardingStatusLabels } from '../../../shared/domain/onboarding.ts';
import {
  type Encoding,
  encodingLabels,
  type PatronField,
  patronFieldLabels,
  patronFields,
} from '../../../shared/domain/patron.ts';
import { describeScenarioConventions, scenarioStatusLabels } from '../../../shared/domain/scenarios.ts';
import { formatBytesFr } from '../../../shared/format.ts';
import { formatDateTimeFr, formatRateFr } from '../../format.ts';
import { conflictValueText, storedBandsText } from '../conflicts/values.ts';

/**
 * The journal stores database column names and raw values; staff read French labels and formatted
 * values. A column missing here shows under its own name rather than not at all.
 */
const fieldLabels: Record<string, string> = {
  status: 'statut',
  next_action: 'prochaine action',
  next_action_due: 'échéance',
  from_status: 'ancien statut',
  to_status: 'nouveau statut',
  note: 'note',
  name: 'nom',
  role: 'fonction',
  email: 'e-mail',
  phone: 'téléphone',
  reference: 'référence',
  signed_on: 'signée le',
  start_on: 'début',
  end_on: 'fin',
  rate_e4: 'taux',
  basis: 'base de population',
  millesime: 'millésime',
  perimeter: 'périmètre',
  prorata: 'prorata',
  floor_cents: 'plancher',
  cap_cents: 'plafond',
  bands: 'tranches dégressives',
  document_name: 'document',
  document_size: 'taille du document',
  code: 'code',
  kind: 'type',
  commune_insee: 'commune',
  ils: 'SIGB',
  contact_name: 'contact',
  contact_email: 'e-mail du contact',
  contact_phone: 'téléphone du contact',
  participating: 'participe',
  participating_since: 'participe depuis',
  mapping: 'colonnes',
  encoding: 'encodage',
  year: 'année',
  vendor: 'fournisseur',
  label: 'libellé',
  pricing: 'tarification',
  amount_cents: 'montant',
  author: 'auteur',
  notes: 'notes',
  conventions: 'conventions',
  resolution: 'version gardée',
  resolved_value: 'valeur retenue',
  resolved_by: 'réglé par',
  resolved_at: 'réglé le',
};

export function fieldLabel(field: string): string {
  return fieldLabels[field] ?? field;
}

const lookup = (labels: Record<string, string>) => (value: string) => labels[value] ?? value;
const date = (value: string) => formatDateFr(value);
const euros = (value: string) => formatEurosFr(formatEuros(Number(value)));

const resolutionLabels: Record<string, string> = {
  mine: 'celle de ce poste',
  theirs: 'celle du serveur',
  edit: 'une valeur saisie',
};
const conflictStatusLabels: Record<string, string> = { open: 'à régler', resolved: 'réglé' };

type Format = (value: string, entry: AuditEntry) => string;

const valueFormats: Record<string, Format> = {
  // A conflict's status is its own (open or resolved), not an EPCI's.
  status: (value, entry) =>
    entry.entity === 'sync_conflict'
      ? lookup(conflictStatusLabels)(value)
      : entry.entity === 'scenario'
        ? lookup(scenarioStatusLabels)(value)
        : lookup(onboardingStatusLabels)(value),
  // A convention's degressive bands (JSON): the grid in words, as the conventions panel shows it.
  bands: storedBandsText,
  // A scenario's conventions (JSON): how many, which EPCI, which rate.
  conventions: (value) => describeScenarioConventions(value),
  from_status: lookup(onboardingStatusLabels),
  to_status: lookup(onboardingStatusLabels),
  next_action_due: date,
  signed_on: date,
  start_on: date,
  end_on: date,
  participating_since: date,
  rate_e4: (value) => formatRateFr(formatRate(Number(value))),
  floor_cents: euros,
  cap_cents: euros,
  amount_cents: euros,
  document_size: (value) => formatBytesFr(Number(value)),
  basis: lookup(populationBasisLabels),
  perimeter: lookup(perimeterLabels),
  prorata: lookup(prorataLabels),
  pricing: lookup(pricingLabels),
  ils: lookup(ilsLabels),
  // A commune by its name, the code after it: two communes may share a name.
  commune_insee: (value, entry) => (entry.communes[value] ? `${entry.communes[value]} (${value})` : value),
  // "kind" is a library's type; other tables' kinds are codes shown as they are.
  kind: (value, entry) => (entry.entity === 'library' ? lookup(libraryKindLabels)(value) : value),
  participating: (value) => (value === '1' || value === 'true' ? 'oui' : 'non'),
  // An import profile: which header of the library's file fills each patron field.
  mapping: (value) => {
    try {
      const mapping = JSON.parse(value) as Partial<Record<PatronField, string>>;
      // In the order of the import screen, whatever the order it was stored in.
      return patronFields
        .filter((field) => mapping[field] !== undefined)
        .map((field) => `${patronFieldLabels[field]} ← « ${mapping[field]} »`)
        .join(', ');
    } catch {
      return value;
    }
  },
  encoding: (value) => encodingLabels[value as Encoding] ?? value,
  resolution: lookup(resolutionLabels),
  // The value a conflict kept, stored as JSON, in the words of the conflicts screen.
  resolved_value: (value, entry) => {
    try {
      return conflictValueText(entry.conflictField ?? '', JSON.parse(value) as string | number | null);
    } catch {
      return value;
    }
  },
  resolved_at: (value) => formatDateTimeFr(value),
};

/** One stored value, as staff read it: "—" for none, "(vide)" for an emptied text. */
export function formatValue(entry: AuditEntry, field: string, value: string | null): string {
  if (value === null) return '—';
  if (value === '') return '(vide)';
  const format = valueFormats[field];
  return format ? format(value, entry) : value;
}

/** Bookkeeping columns a summary leaves out: the line already says its EPCI, library, date and author. */
const hidden = new Set(['epci_siren', 'library_id', 'at', 'by', 'document_sha256']);

/**
 * A created or deleted row is stored whole, as JSON: summarised as "label : value" pairs, empty ones
 * left out. Text that is not JSON is shown as is.
 */
export function summariseRow(entry: AuditEntry, stored: string | null): string {
  const row = parseObject(stored);
  if (row === null) return stored ?? '';
  return Object.entries(row)
    .filter(([field]) => !hidden.has(field))
    .filter(([, value]) => value !== null && value !== '')
    .map(([field, value]) => `${fieldLabel(field)} : ${formatValue(entry, field, String(value))}`)
    .join(' · ');
}

/** A row stored whole as JSON, or null when the text is not a JSON object. */
export function parseObject(stored: string | null): Record<string, unknown> | null {
  if (stored === null) return null;
  try {
    const value = JSON.parse(stored) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
