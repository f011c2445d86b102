import { listAudit } from '../../db/queries/audit.ts';
import type { Handlers } from '../../shared/contract.ts';
import type { AuditEntry } from '../../shared/domain/audit.ts';
import type { AppContext } from './context.ts';

export function auditHandlers(context: AppContext): Pick<Handlers, 'audit.list'> {
  const { db } = context.database;
  return {
    async 'audit.list'(filter) {
      const { entries, total } = await listAudit(db, filter);
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
