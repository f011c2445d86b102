import { sql } from 'kysely';
import {
  fieldPolicy,
  type Mutation,
  type MutationResult,
  type SyncTable,
} from '../../shared/sync/protocol.ts';
import type { Caller } from '../http/authenticate.ts';
import { openConflict, resolveConflict } from './conflicts.ts';
import type { LogPage } from './log-page.ts';
import { libraryInUse, libraryInUseReason } from './references.ts';
import { rejected } from './results.ts';
import { allFieldsAt, authored, type StoredRow } from './rows.ts';
import { checkRules } from './rules.ts';
import { checkColumns, type Row, tableColumns } from './tables.ts';

type DataTable = Exclude<SyncTable, 'sync_conflict'>;

/** Columns the server owns: a patch naming them is refused rather than silently ignored. */
const serverColumns = new Set(['id', 'created_at', 'updated_at']);

/**
 * One mutation inside its transaction, the log lock held (see log.ts). Authorisation first, then the row:
 * delete → tombstone; upsert of an unknown row → insert; otherwise per field, a field whose server version
 * is above the mutation's base is stale: an `auto` field still takes the pushed value (last write in
 * server order wins), a `review` field keeps the server's value and opens a conflict holding both.
 */
export async function applyMutation(
  page: LogPage,
  m: Mutation,
  caller: Caller,
  now: Date,
  clientId: string,
): Promise<MutationResult> {
  if (caller.role === 'reader')
    return rejected(
      m,
      'FORBIDDEN',
      'Votre compte est en lecture seule : cette modification n’a pas été enregistrée.',
    );
  if (m.table === 'sync_conflict') return resolveConflict(page, m, caller, now);
  const table = m.table;
  // An id merged into another row stands for that row, seen from nothing (base 0).
  let mergedInto = (await page.aliasOf(table, m.rowId)) ?? undefined;
  let baseVersion = mergedInto ? 0 : m.baseVersion;
  if (m.op === 'delete') return deleteRow(page, m, table, mergedInto ?? m.rowId, caller, now, mergedInto);

  const patch = m.patch as Row;
  const owned = Object.keys(patch).find((name) => serverColumns.has(name));
  if (owned) return rejected(m, 'INVALID_ROW', `Le champ « ${owned} » est fixé par le serveur.`);

  let existing = await page.readRow(table, mergedInto ?? m.rowId);
  let mergedCreation = false;
  if (!existing && table === 'epci_followup' && typeof patch.epci_siren === 'string') {
    // Two PCs created the follow-up of one EPCI offline: the second is an update of the first, seen
    // from nothing (base 0), so a different status becomes a conflict instead of a second follow-up.
    existing = await liveFollowupOf(page, patch.epci_siren);
    if (existing) {
      baseVersion = 0;
      mergedInto = existing.rowId;
      page.recordAlias(table, m.rowId, existing.rowId);
      mergedCreation = true;
    }
  }
  if (existing?.deleted)
    return rejected(
      m,
      'ROW_DELETED',
      `Cette fiche a été supprimée sur le serveur par ${existing.updatedBy} : votre modification n’a pas été appliquée.`,
    );

  const invalid = checkColumns(table, patch, !existing);
  if (invalid) return rejected(m, 'INVALID_ROW', invalid);
  if (!existing) return insertRow(page, m, table, patch, caller, now, clientId);
  const changes = mergedCreation ? withoutDefaults(patch) : patch;
  return updateRow(page, m, table, existing, changes, baseVersion, caller, now, mergedInto, clientId);
}

async function insertRow(
  page: LogPage,
  m: Mutation,
  table: DataTable,
  patch: Row,
  caller: Caller,
  now: Date,
  clientId: string,
): Promise<MutationResult> {
  const stamp = now.toISOString();
  const data: Row = {
    id: m.rowId,
    ...nullColumns(table, patch),
    ...patch,
    created_at: stamp,
    updated_at: stamp,
  };
  const broken = await checkRules(page, table, m.rowId, null, data);
  if (broken) return rejected(m, broken.code, broken.reason);
  const version = page.takeVersion();
  page.writeRow({
    table,
    rowId: m.rowId,
    version,
    deleted: false,
    data,
    fieldVersions: allFieldsAt(data, version),
    fieldAuthors: authored(Object.keys(data), caller.email, now, clientId),
    updatedBy: caller.email,
    updatedAt: now,
  });
  return { clientSeq: m.clientSeq, mutationId: m.mutationId, status: 'applied', rowVersion: version };
}

async function updateRow(
  page: LogPage,
  m: Mutation,
  table: DataTable,
  existing: StoredRow,
  patch: Row,
  baseVersion: number,
  caller: Caller,
  now: Date,
  mergedInto: string | undefined,
  clientId: string,
): Promise<MutationResult> {
  const changes: Row = {};
  const stale: string[] = [];
  for (const [field, value] of Object.entries(patch)) {
    const current = existing.data[field] ?? null;
    if (current === value) continue; // both sides agree: nothing to write, nothing to review
    const fieldVersion = existing.fieldVersions[field] ?? existing.version;
    // This desktop's own earlier write is not news to it (see mutationSchema in the protocol).
    const ownWrite = existing.fieldAuthors[field]?.client === clientId;
    if (fieldVersion <= baseVersion || ownWrite || fieldPolicy(table, field) === 'auto')
      changes[field] = value;
    else stale.push(field);
  }
  const merged: Row = { ...existing.data, ...changes };
  const broken = Object.keys(changes).length
    ? await checkRules(page, table, existing.rowId, existing.data, merged)
    : null;
  if (broken) return rejected(m, broken.code, broken.reason);

  let rowVersion = existing.version;
  if (Object.keys(changes).length) {
    rowVersion = page.takeVersion();
    merged.updated_at = now.toISOString();
    const fieldVersions = { ...existing.fieldVersions };
    for (const field of Object.keys(changes)) fieldVersions[field] = rowVersion;
    page.writeRow({
      ...existing,
      version: rowVersion,
      data: merged,
      fieldVersions,
      fieldAuthors: {
        ...existing.fieldAuthors,
        ...authored(Object.keys(changes), caller.email, now, clientId),
      },
      updatedBy: caller.email,
      updatedAt: now,
    });
  }
  const conflictIds: string[] = [];
  for (const field of stale)
    conflictIds.push(
      openConflict(page, {
        table,
        existing,
        field,
        clientValue: patch[field] ?? null,
        at: m.at,
        caller,
        now,
      }),
    );
  const result: MutationResult = {
    clientSeq: m.clientSeq,
    mutationId: m.mutationId,
    status: conflictIds.length ? 'conflict' : 'applied',
    rowVersion,
  };
  if (conflictIds.length) result.conflictIds = conflictIds;
  if (mergedInto) result.mergedInto = mergedInto;
  return result;
}

/**
 * Edit vs delete: the delete wins (tombstone); a later edit of the tombstone is rejected ROW_DELETED. A
 * library other rows still point at stays (ROW_REFERENCED).
 */
async function deleteRow(
  page: LogPage,
  m: Mutation,
  table: DataTable,
  rowId: string,
  caller: Caller,
  now: Date,
  mergedInto: string | undefined,
): Promise<MutationResult> {
  const done = (rowVersion: number): MutationResult => ({
    clientSeq: m.clientSeq,
    mutationId: m.mutationId,
    status: 'applied',
    rowVersion,
    ...(mergedInto ? { mergedInto } : {}),
  });
  const existing = await page.readRow(table, rowId);
  if (existing?.deleted) return done(existing.version);
  if (table === 'library' && existing && (await libraryInUse(await page.flushed(), rowId)))
    return rejected(m, 'ROW_REFERENCED', libraryInUseReason);
  const version = page.takeVersion();
  page.writeRow({
    table,
    rowId,
    version,
    deleted: true,
    data: {},
    fieldVersions: {},
    fieldAuthors: {},
    updatedBy: caller.email,
    updatedAt: now,
  });
  return done(version);
}

/**
 * A desktop creates an EPCI's follow-up with these values the first time staff touch it (a note, a next
 * action). Merged into a follow-up the server already has, they are no decision of anyone's: they neither
 * overwrite its values nor open a conflict; what the creation changed beyond them still counts.
 */
const followupCreationDefaults: Row = { status: 'not_contacted', next_action: '', next_action_due: null };

function withoutDefaults(patch: Row): Row {
  return Object.fromEntries(
    Object.entries(patch).filter(
      ([field, value]) => !(field in followupCreationDefaults) || followupCreationDefaults[field] !== value,
    ),
  );
}

async function liveFollowupOf(page: LogPage, siren: string): Promise<StoredRow | null> {
  const row = await (await page.flushed())
    .selectFrom('sync_row')
    .select('row_id')
    .where('table_name', '=', 'epci_followup')
    .where('deleted', '=', false)
    .where(sql<string>`data->>'epci_siren'`, '=', siren)
    .orderBy('version')
    .executeTakeFirst();
  return row ? page.readRow('epci_followup', row.row_id) : null;
}

/** A creation may leave nullable columns out; the stored row still has every column. */
function nullColumns(table: DataTable, patch: Row): Row {
  return Object.fromEntries(
    Object.keys(tableColumns[table])
      .filter((name) => !(name in patch))
      .map((name) => [name, null]),
  );
}
