import { communeNames, listAudit } from '../../db/queries/audit.ts';
import type { Handlers } from '../../shared/contract.ts';
import type { AuditEntry } from '../../shared/domain/audit.ts';
import type { AppContext } from './context.ts';

export function auditHandlers(context: Pick<AppContext, 'database'>): Pick<Handlers, 'audit.list'> {
  const { db } = context.database;
  return {
    async 'audit.list'(filter) {
      // Staff pick calendar days in their own time zone; the log is in UTC.
      const { entries, total } = await listAudit(db, {
        ...filter,
        from: filter.from && localDayStart(filter.from),
        to: filter.to && localDayStart(nextDay(filter.to)),
      });
      const codes = entries.map(communeCodes);
      const names = await communeNames(db, [...new Set(codes.flat())]);
      return {
        total,
        entries: entries.map((row, index) => ({
          id: row.id,
          at: row.at,
          actor: row.actor,
          entity: row.entity as AuditEntry['entity'],
          entityId: row.entity_id,
          action: row.action,
          field: row.field,
          before: row.before,
          after: row.after,
          epci: row.epci_siren,
          epciName: row.epci_name,
          library: row.library_id,
          libraryName: row.library_name,
          patron:
            row.patron_card === null
              ? null
              : {
                  name: [row.patron_last_name, row.patron_first_name].filter(Boolean).join(' '),
                  card: row.patron_card,
                },
          conflictField: row.conflict_field,
          communes: Object.fromEntries(
            (codes[index] ?? []).flatMap((insee) => {
              const name = names.get(insee);
              return name === undefined ? [] : [[insee, name]];
            }),
          ),
        })),
      };
    },
  };
}

/** The INSEE codes a library's line holds: a commune changed, or the commune of a row created. */
function communeCodes(row: {
  entity: string;
  field: string | null;
  before: string | null;
  after: string | null;
}): string[] {
  if (row.entity !== 'library') return [];
  if (row.field === 'commune_insee') return [row.before, row.after].filter((v): v is string => Boolean(v));
  if (row.field !== null) return [];
  try {
    const stored = JSON.parse(row.after ?? row.before ?? '') as { commune_insee?: unknown };
    return typeof stored.commune_insee === 'string' ? [stored.commune_insee] : [];
  } catch {
    return [];
  }
}

function localDayStart(day: string): string {
  return new Date(`${day}T00:00:00`).toISOString();
}

function nextDay(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
