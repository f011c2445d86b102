import {
  type AuditEntry,
  type AuditEvent,
  auditEntityLabels,
  auditEventSchema,
} from '../../../shared/domain/audit.ts';
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
import { conflictFieldLabels } from '../../../shared/domain/sync.ts';
import { monthSpanFr } from '../../../shared/domain/usage/months.ts';
import { formatBytesFr, formatInteger } from '../../../shared/format.ts';
import { countFr, formatDateTimeFr, formatRateFr } from '../../format.ts';
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

export type Change =
  /** "label : before → after", with a note after it (a status move's). */
  | { kind: 'move'; label: string; before: string; after: string; note?: string }
  | { kind: 'text'; text: string; removed?: boolean };

/** A journal line in the words of staff: what it is about, what happened (a badge), and the change. */
export interface Description {
  subject: string;
  badge: string;
  color: string;
  change: Change;
  /** A line about one patron (a duplicate decision): the screen names the patron, or says they are gone. */
  aboutPatron: boolean;
}

const actionBadges: Record<AuditEntry['action'], { badge: string; color: string }> = {
  create: { badge: 'création', color: 'teal' },
  update: { badge: 'modification', color: 'blue' },
  delete: { badge: 'suppression', color: 'red' },
};

export function describeEntry(entry: AuditEntry): Description {
  const subject = auditEntityLabels[entry.entity];
  const plain = { subject, aboutPatron: false, ...actionBadges[entry.action] };

  if (entry.entity === 'epci_event' && entry.action === 'create') {
    const row = parseObject(entry.after);
    // A status move: the follow-up's status update of the same change is folded into this line.
    if (row?.kind === 'status') {
      const from = row.from_status ? formatValue(entry, 'status', String(row.from_status)) : '—';
      const to = formatValue(entry, 'status', String(row.to_status));
      const note = typeof row.note === 'string' && row.note !== '' ? row.note : undefined;
      return {
        ...plain,
        subject: 'Suivi',
        badge: 'changement de statut',
        color: 'blue',
        change: { kind: 'move', label: 'statut', before: from, after: to, ...(note ? { note } : {}) },
      };
    }
    if (row?.kind === 'note')
      return {
        ...plain,
        badge: 'note',
        color: 'gray',
        change: { kind: 'text', text: `« ${String(row.note)} »` },
      };
  }

  if (entry.field === null && entry.action === 'create' && recordedEntities.has(entry.entity))
    return describeEvent(entry, subject);

  // A conflict is settled once: what was kept, not a before → after.
  if (entry.entity === 'sync_conflict' && entry.action === 'update' && entry.field) {
    return {
      ...plain,
      badge: 'réglé',
      color: 'green',
      change: {
        kind: 'text',
        text: `${conflictLabel(entry)} : ${formatValue(entry, entry.field, entry.after)}`,
      },
    };
  }
  if (entry.action === 'update' && entry.field) {
    return {
      ...plain,
      change: {
        kind: 'move',
        label: fieldLabel(entry.field),
        before: formatValue(entry, entry.field, entry.before),
        after: formatValue(entry, entry.field, entry.after),
      },
    };
  }
  const stored = entry.action === 'delete' ? entry.before : entry.after;
  return {
    ...plain,
    change: { kind: 'text', text: summariseRow(entry, stored), removed: entry.action === 'delete' },
  };
}

/** "valeur retenue (statut)": a conflict's line says which field it settled. */
function conflictLabel(entry: AuditEntry): string {
  const label = fieldLabel(entry.field ?? '');
  const about = entry.conflictField
    ? (conflictFieldLabels[entry.conflictField] ?? entry.conflictField)
    : null;
  return about ? `${label} (${about})` : label;
}

/** Entities whose lines are events recorded outside the editable tables (db/write.ts recordAudit). */
const recordedEntities = new Set<AuditEntry['entity']>([
  'import_batch',
  'patron',
  'reference_import',
  'usage_import',
]);

function describeEvent(entry: AuditEntry, subject: string): Description {
  const stored = parseObject(entry.after);
  const parsed = stored ? auditEventSchema.safeParse(stored) : null;
  if (parsed?.success) return wordEvent(parsed.data, subject);
  return describeOlderEvent(entry, subject);
}

const file = (name: string | null) => (name ? `« ${name} » : ` : '');

function wordEvent(event: AuditEvent, subject: string): Description {
  switch (event.event) {
    case 'import':
      return {
        subject,
        badge: 'import',
        color: 'teal',
        aboutPatron: false,
        change: {
          kind: 'text',
          text: `${file(event.file)}${[
            countFr(event.created, 'lecteur créé', 'lecteurs créés'),
            countFr(event.updated, 'modifié', 'modifiés'),
            countFr(event.unchanged, 'inchangé', 'inchangés'),
            countFr(event.rejected, 'ligne rejetée', 'lignes rejetées'),
          ].join(', ')}`,
        },
      };
    case 'import_undone':
      return {
        subject,
        badge: 'import annulé',
        color: 'orange',
        aboutPatron: false,
        change: {
          kind: 'text',
          text: `${file(event.file)}${[
            countFr(event.removed, 'lecteur retiré', 'lecteurs retirés'),
            countFr(event.restored, 'rétabli', 'rétablis'),
            countFr(event.kept, 'conservé', 'conservés'),
          ].join(', ')}${event.kept > 0 ? ' (modifiés depuis par un autre import)' : ''}`,
        },
      };
    case 'duplicate_decided':
      return duplicateDecision(event.decision);
    case 'purge':
      return {
        subject,
        badge: 'purge RGPD',
        color: 'red',
        aboutPatron: false,
        change: {
          kind: 'text',
          text: `${countFr(event.purged, 'lecteur supprimé', 'lecteurs supprimés')} : inscription terminée avant le ${formatDateFr(event.cutoff)} (conservation : ${formatInteger(event.months)} mois)`,
          removed: true,
        },
      };
    case 'population_import':
      return {
        subject: event.kind === 'dgf' ? 'Population DGF' : subject,
        badge: 'import',
        color: 'teal',
        aboutPatron: false,
        change: {
          kind: 'text',
          // A millésime is a year: never "2 022".
          text: `Millésime ${event.millesime} — ${file(event.file)}${countFr(event.communes, 'commune', 'communes')}`,
        },
      };
    case 'usage_import':
      return {
        subject,
        badge: 'import',
        color: 'teal',
        aboutPatron: false,
        change: {
          kind: 'text',
          text: `${file(event.file)}${event.report} de ${event.platforms.join(', ')}, ${monthSpanFr(event.firstMonth, event.lastMonth)} : ${countFr(event.rows, 'chiffre', 'chiffres')}${event.replaced > 0 ? `, ${countFr(event.replaced, 'chiffre remplacé', 'chiffres remplacés')}` : ''}`,
        },
      };
    case 'usage_import_undone':
      return {
        subject,
        badge: 'import annulé',
        color: 'orange',
        aboutPatron: false,
        change: {
          kind: 'text',
          text: `${file(event.file)}${countFr(event.removed, 'chiffre retiré', 'chiffres retirés')}, ${countFr(event.restored, 'rétabli', 'rétablis')}`,
        },
      };
  }
}

function duplicateDecision(decision: 'confirmed' | 'distinct'): Description {
  return {
    subject: 'Lecteur',
    badge: 'décision',
    color: 'grape',
    aboutPatron: true,
    change: {
      kind: 'text',
      text: decision === 'confirmed' ? 'Doublon : même personne' : 'Doublon : personnes distinctes',
    },
  };
}

/**
 * Lines written before events were stored as JSON hold French text: recognised by their words, their
 * figures and dates put in French form.
 */
function describeOlderEvent(entry: AuditEntry, subject: string): Description {
  const text = entry.after ?? '';
  if (entry.entity === 'patron' && text.startsWith('doublon confirmé')) return duplicateDecision('confirmed');
  if (entry.entity === 'patron' && text.startsWith('doublon écarté')) return duplicateDecision('distinct');
  const undone = entry.entity === 'import_batch' && text.startsWith('annulé : ');
  const purge = entry.entity === 'patron';
  return {
    subject,
    badge: undone ? 'import annulé' : purge ? 'purge RGPD' : 'import',
    color: undone ? 'orange' : purge ? 'red' : 'teal',
    aboutPatron: false,
    change: {
      kind: 'text',
      text: frenchFigures(undone ? text.slice('annulé : '.length) : text),
      removed: purge,
    },
  };
}

/** "20000 créés … avant le 2025-11-25" → "20 000 créés … avant le 25/11/2025". */
function frenchFigures(text: string): string {
  return text
    .replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (_match, year, month, day) => `${day}/${month}/${year}`)
    .replace(/\b\d{4,}(?= [a-zà-ÿ])/g, (figure) => formatInteger(Number(figure)));
}

function parseObject(stored: string | null): Record<string, unknown> | null {
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
