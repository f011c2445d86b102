import type { Kysely } from 'kysely';
import type { AuditEvent } from '../shared/domain/audit.ts';
import { AppError } from '../shared/errors.ts';
import { uuidv7 } from '../shared/ids.ts';
import { queueMutation, toPatch } from './queries/sync-outbox.ts';
import type { Database, EditableColumns, EditableTables } from './schema.ts';

/** Who is changing what: every write is signed, dated, and filed under the EPCI or library it concerns. */
export interface ChangeContext {
  actor: string;
  now: Date;
  epci?: string | null;
  library?: string | null;
}

type Table = keyof EditableTables;
type Values<T extends Table> = Omit<EditableTables[T], keyof EditableColumns>;
type Row = Record<string, unknown>;

/**
 * The one path by which staff changes reach the database. Each function must run inside the caller's
 * transaction: it stamps ids and times, and writes the audit trail (who, when, field, before → after) and
 * the sync outbox entry in that same transaction, so no change can escape either. Changes pulled from the
 * central service never come through here (db/queries/sync-apply.ts), so they are never sent back.
 */
export async function insertRow<T extends Table>(
  db: Kysely<Database>,
  table: T,
  values: Values<T>,
  context: ChangeContext,
): Promise<string> {
  const id = uuidv7(context.now.getTime());
  const at = context.now.toISOString();
  await loose(db)
    .insertInto(table as string)
    .values({ ...values, id, created_at: at, updated_at: at })
    .execute();
  await audit(db, context, table, id, 'create', null, null, JSON.stringify(values));
  await queueMutation(db, { table, rowId: id, op: 'upsert', patch: toPatch(values), at: context.now });
  return id;
}

/** Applies the fields that really change and returns their names; an unchanged patch writes nothing. */
export async function updateRow<T extends Table>(
  db: Kysely<Database>,
  table: T,
  id: string,
  patch: Partial<Values<T>>,
  context: ChangeContext,
): Promise<string[]> {
  const before = await findRow(db, table, id);
  const changed = Object.entries(patch).filter(
    ([field, value]) => value !== undefined && text(before[field]) !== text(value),
  );
  if (changed.length === 0) return [];
  await loose(db)
    .updateTable(table as string)
    .set({ ...Object.fromEntries(changed), updated_at: context.now.toISOString() })
    .where('id', '=', id)
    .execute();
  for (const [field, value] of changed) {
    await audit(db, context, table, id, 'update', field, text(before[field]), text(value));
  }
  const outgoing = toPatch(Object.fromEntries(changed));
  await queueMutation(db, { table, rowId: id, op: 'upsert', patch: outgoing, at: context.now });
  return changed.map(([field]) => field);
}

export async function deleteRow<T extends Table>(
  db: Kysely<Database>,
  table: T,
  id: string,
  context: ChangeContext,
) {
  const before = await findRow(db, table, id);
  await loose(db)
    .deleteFrom(table as string)
    .where('id', '=', id)
    .execute();
  const { id: _id, created_at: _c, updated_at: _u, ...values } = before;
  await audit(db, context, table, id, 'delete', null, JSON.stringify(values), null);
  await queueMutation(db, { table, rowId: id, op: 'delete', patch: {}, at: context.now });
}

async function findRow(db: Kysely<Database>, table: Table, id: string): Promise<Row> {
  const row = (await loose(db)
    .selectFrom(table as string)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()) as Row | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'Cet élément n’existe plus (supprimé entre-temps ?).');
  return row;
}

function audit(
  db: Kysely<Database>,
  context: ChangeContext,
  entity: Table,
  entityId: string,
  action: 'create' | 'update' | 'delete',
  field: string | null,
  before: string | null,
  after: string | null,
) {
  return writeAuditLine(db, context, { entity, entityId, action, field, before, after });
}

/**
 * For changes outside the editable tables (population files, import batches and their undoing, duplicate
 * decisions, purges): a journal line only, the event stored as JSON for the screens to word it.
 */
export function recordAudit(
  db: Kysely<Database>,
  entry: {
    actor: string;
    now: Date;
    entity: string;
    entityId: string;
    event: AuditEvent;
    library?: string | null;
  },
) {
  const after = JSON.stringify(entry.event);
  return writeAuditLine(db, entry, { ...entry, action: 'create', field: null, before: null, after });
}

async function writeAuditLine(
  db: Kysely<Database>,
  context: ChangeContext,
  line: {
    entity: string;
    entityId: string;
    action: 'create' | 'update' | 'delete';
    field: string | null;
    before: string | null;
    after: string | null;
  },
) {
  await db
    .insertInto('audit_log')
    .values({
      id: uuidv7(context.now.getTime()),
      at: context.now.toISOString(),
      actor: context.actor,
      entity: line.entity,
      entity_id: line.entityId,
      action: line.action,
      field: line.field,
      before: line.before,
      after: line.after,
      epci_siren: context.epci ?? null,
      library_id: context.library ?? null,
    })
    .execute();
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

// Kysely cannot type a write whose table is a type parameter; the public signatures above keep callers typed.
// biome-ignore lint/suspicious/noExplicitAny: see above
function loose(db: Kysely<Database>): Kysely<any> {
  return db;
}
