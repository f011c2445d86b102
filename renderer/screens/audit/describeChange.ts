import type { AuditEntry } from '../../../shared/domain/audit.ts';
import { perimeterLabels, populationBasisLabels, prorataLabels } from '../../../shared/domain/convention.ts';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import { ilsLabels, libraryKindLabels } from '../../../shared/domain/library.ts';
import { formatEuros, formatEurosFr, formatRate } from '../../../shared/domain/money.ts';
import { type OnboardingStatus, onboardingStatusLabels } from '../../../shared/domain/onboarding.ts';
import {
  type Encoding,
  encodingLabels,
  type PatronField,
  patronFieldLabels,
  patronFields,
} from '../../../shared/domain/patron.ts';
import { formatBytesFr, formatRateFr } from '../../format.ts';

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
  document_name: 'document',
  document_size: 'taille du document',
  code: 'code',
  kind: 'type',
  commune_insee: 'commune (INSEE)',
  ils: 'SIGB',
  contact_name: 'contact',
  contact_email: 'e-mail du contact',
  contact_phone: 'téléphone du contact',
  participating: 'participe',
  participating_since: 'participe depuis',
  mapping: 'colonnes',
  encoding: 'encodage',
};

export function fieldLabel(field: string): string {
  return fieldLabels[field] ?? field;
}

const lookup = (labels: Record<string, string>) => (value: string) => labels[value] ?? value;
const date = (value: string) => formatDateFr(value);

const valueFormats: Record<string, (value: string, entity: AuditEntry['entity']) => string> = {
  status: lookup(onboardingStatusLabels),
  from_status: lookup(onboardingStatusLabels),
  to_status: lookup(onboardingStatusLabels),
  next_action_due: date,
  signed_on: date,
  start_on: date,
  end_on: date,
  participating_since: date,
  rate_e4: (value) => formatRateFr(formatRate(Number(value))),
  floor_cents: (value) => formatEurosFr(formatEuros(Number(value))),
  cap_cents: (value) => formatEurosFr(formatEuros(Number(value))),
  document_size: (value) => formatBytesFr(Number(value)),
  basis: lookup(populationBasisLabels),
  perimeter: lookup(perimeterLabels),
  prorata: lookup(prorataLabels),
  ils: lookup(ilsLabels),
  // "kind" is a library's type; other tables' kinds are codes shown as they are.
  kind: (value, entity) => (entity === 'library' ? lookup(libraryKindLabels)(value) : value),
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
};

/** One stored value, as staff read it: "—" for none, "(vide)" for an emptied text. */
export function formatValue(entity: AuditEntry['entity'], field: string, value: string | null): string {
  if (value === null) return '—';
  if (value === '') return '(vide)';
  const format = valueFormats[field];
  return format ? format(value, entity) : value;
}

/** Bookkeeping columns a summary leaves out: the line already says its EPCI, date and author. */
const hidden = new Set(['epci_siren', 'library_id', 'at', 'by', 'document_sha256']);

/**
 * A created or deleted row is stored whole, as JSON: summarised as "label : value" pairs, empty ones
 * left out. A status move reads "A → B", a note its text; text that is not JSON is shown as is.
 */
export function summariseRow(entity: AuditEntry['entity'], stored: string | null): string {
  if (stored === null) return '';
  let row: Record<string, unknown>;
  try {
    row = JSON.parse(stored) as Record<string, unknown>;
  } catch {
    return stored;
  }
  if (typeof row !== 'object' || row === null) return stored;
  if (entity === 'epci_event' && row.kind === 'status') {
    const from = row.from_status ? onboardingStatusLabels[row.from_status as OnboardingStatus] : '—';
    const to = onboardingStatusLabels[row.to_status as OnboardingStatus] ?? String(row.to_status);
    return `statut : ${from} → ${to}${row.note ? ` — « ${row.note} »` : ''}`;
  }
  if (entity === 'epci_event' && row.kind === 'note') return `note : « ${String(row.note)} »`;
  return Object.entries(row)
    .filter(([field]) => !hidden.has(field))
    .filter(([, value]) => value !== null && value !== '')
    .map(([field, value]) => `${fieldLabel(field)} : ${formatValue(entity, field, String(value))}`)
    .join(' · ');
}

export const actionLabels: Record<AuditEntry['action'], string> = {
  create: 'création',
  update: 'modification',
  delete: 'suppression',
};
