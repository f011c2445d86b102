import {
  type AuditEntry,
  type AuditEvent,
  auditEntityLabels,
  auditEventSchema,
} from '../../../shared/domain/audit.ts';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import { conflictFieldLabels } from '../../../shared/domain/sync.ts';
import { monthSpanFr } from '../../../shared/domain/usage/months.ts';
import { formatInteger } from '../../../shared/format.ts';
import { countFr } from '../../format.ts';
import { fieldLabel, formatValue, parseObject, summariseRow } from './audit-values.ts';

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
