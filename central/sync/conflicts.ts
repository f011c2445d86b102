import { randomUUID } from 'node:crypto';
import type { ConflictRow, Mutation, MutationResult, SyncTable } from '../../shared/sync/protocol.ts';
import type { Caller } from '../http/authenticate.ts';
import type { LogPage } from './log-page.ts';
import { rejected } from './results.ts';
import { allFieldsAt, authored, type StoredRow } from './rows.ts';
import { checkColumns, type Row } from './tables.ts';

/**
 * A conflict is a synced row of `sync_conflict` (conflictRowSchema): both values JSON-encoded, who and
 * when on each side. `server_by`/`server_at` name whoever wrote the kept value of that field (server time);
 * the client's time is its own clock, shown to people and never used to decide anything.
 */
export function openConflict(
  page: LogPage,
  input: {
    table: SyncTable;
    existing: StoredRow;
    field: string;
    clientValue: Row[string];
    at: string;
    caller: Caller;
    now: Date;
  },
): string {
  const id = randomUUID();
  const stamp = input.now.toISOString();
  const author = input.existing.fieldAuthors[input.field] ?? {
    by: input.existing.updatedBy,
    at: input.existing.updatedAt.toISOString(),
  };
  const data: ConflictRow & { created_at: string; updated_at: string } = {
    id,
    table_name: input.table,
    row_id: input.existing.rowId,
    field: input.field,
    server_value: JSON.stringify(input.existing.data[input.field] ?? null),
    client_value: JSON.stringify(input.clientValue),
    server_by: author.by,
    server_at: author.at,
    client_by: input.caller.email,
    client_at: input.at,
    status: 'open',
    resolution: null,
    resolved_value: null,
    resolved_by: null,
    resolved_at: null,
    created_at: stamp,
    updated_at: stamp,
  };
  const version = page.takeVersion();
  page.writeRow({
    table: 'sync_conflict',
    rowId: id,
    version,
    deleted: false,
    data,
    fieldVersions: allFieldsAt(data, version),
    fieldAuthors: {},
    updatedBy: input.caller.email,
    updatedAt: input.now,
  });
  return id;
}

/**
 * Resolving is an upsert of the conflict row with `resolution` ('mine' | 'theirs' | 'edit') and, for
 * 'edit' (optional otherwise), `resolved_value` (JSON-encoded). The chosen value: `resolved_value` when
 * given, else 'mine' = the conflict's client_value, 'theirs' = its server_value. The server writes it to
 * the target field as a new version, then the conflict as resolved (another version). A person decided:
 * the value wins over whatever the field holds now, without a status-move check.
 */
export async function resolveConflict(
  page: LogPage,
  m: Mutation,
  caller: Caller,
  now: Date,
): Promise<MutationResult> {
  if (m.op === 'delete') return rejected(m, 'INVALID_ROW', 'Un conflit ne se supprime pas : il se résout.');
  const conflict = await page.readRow('sync_conflict', m.rowId);
  if (!conflict || conflict.deleted) return rejected(m, 'NOT_FOUND', 'Ce conflit est inconnu du serveur.');
  const data = conflict.data as unknown as ConflictRow;
  if (data.status === 'resolved')
    return rejected(
      m,
      'CONFLICT_ALREADY_RESOLVED',
      `Ce conflit a déjà été résolu par ${data.resolved_by ?? 'un autre poste'} : son choix est conservé.`,
    );
  const resolution = m.patch.resolution;
  if (resolution !== 'mine' && resolution !== 'theirs' && resolution !== 'edit')
    return rejected(m, 'INVALID_ROW', 'Résolution attendue : mine, theirs ou edit.');
  const given = m.patch.resolved_value;
  if (resolution === 'edit' && typeof given !== 'string')
    return rejected(m, 'INVALID_ROW', 'Une résolution « edit » doit fournir resolved_value.');
  const encoded =
    typeof given === 'string' ? given : resolution === 'mine' ? data.client_value : data.server_value;
  let value: Row[string];
  try {
    value = JSON.parse(encoded) as Row[string];
  } catch {
    return rejected(m, 'INVALID_ROW', 'resolved_value doit être une valeur JSON.');
  }

  const target = await page.readRow(data.table_name, data.row_id);
  if (target && !target.deleted && data.table_name !== 'sync_conflict') {
    const invalid = checkColumns(data.table_name, { [data.field]: value }, false);
    if (invalid) return rejected(m, 'INVALID_ROW', invalid);
    const version = page.takeVersion();
    page.writeRow({
      ...target,
      version,
      data: { ...target.data, [data.field]: value, updated_at: now.toISOString() },
      fieldVersions: { ...target.fieldVersions, [data.field]: version },
      fieldAuthors: { ...target.fieldAuthors, ...authored([data.field], caller.email, now) },
      updatedBy: caller.email,
      updatedAt: now,
    });
  }
  const version = page.takeVersion();
  const resolved = {
    ...conflict.data,
    status: 'resolved',
    resolution,
    resolved_value: JSON.stringify(value),
    resolved_by: caller.email,
    resolved_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  page.writeRow({
    ...conflict,
    version,
    data: resolved,
    fieldVersions: allFieldsAt(resolved, version),
    updatedBy: caller.email,
    updatedAt: now,
  });
  return { clientSeq: m.clientSeq, mutationId: m.mutationId, status: 'applied', rowVersion: version };
}
