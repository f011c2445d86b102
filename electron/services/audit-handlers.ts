import { listAudit } from '../../db/queries/audit.ts';
import type { Handlers } from '../../shared/contract.ts';
import type { AuditEntry } from '../../shared/domain/audit.ts';
import type { AppContext } from './context.ts';

export function auditHandlers(context: AppContext): Pick<Handlers, 'audit.list'> {
  const { db } = context.database;
  return {
    async 'audit.list'(filter) {
      // Staff pick calendar days in their own time zone; the log is in UTC.
      const { entries, total } = await listAudit(db, {
        ...filter,
        from: filter.from && localDayStart(filter.from),
        to: filter.to && localDayStart(nextDay(filter.to)),
      });
      return {
        total,
        entries: entries.map((row) => ({
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
        })),
      };
    },
  };
}

function localDayStart(day: string): string {
  return new Date(`${day}T00:00:00`).toISOString();
}

function nextDay(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
