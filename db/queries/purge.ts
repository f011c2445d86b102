import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/** What the retention rule does with patrons whose file gives no end of registration. */
export type NoExpiryRule = 'unregistered' | 'keep';

/**
 * The patrons the retention rule removes: registration ended before `cutoff`, or — with no end date —
 * no longer registered (a full import left them out) since before `cutoff`.
 */
export function purgeable(db: Kysely<Database>, cutoff: string, noExpiry: NoExpiryRule) {
  return db
    .selectFrom('patron')
    .where((eb) =>
      eb.or([
        eb('expires_on', '<', cutoff),
        ...(noExpiry === 'unregistered'
          ? [eb.and([eb('expires_on', 'is', null), eb('registered', '=', 0), eb('updated_at', '<', cutoff)])]
          : []),
      ]),
    );
}

/** Each doomed patron's search entry, prior values kept for undo, and duplicate flags pointing at them. */
export async function forgetTraces(db: Kysely<Database>, doomed: { id: string; num: number }[]) {
  const unflagged: string[] = [];
  // In slices: SQLite's host-parameter limit.
  for (let i = 0; i < doomed.length; i += 500) {
    const slice = doomed.slice(i, i + 500);
    await sql`DELETE FROM patron_search WHERE rowid IN (${sql.join(slice.map((p) => p.num))})`.execute(db);
    const ids = slice.map((p) => p.id);
    await db.deleteFrom('import_change').where('patron_id', 'in', ids).execute();
    const rows = await db
      .updateTable('patron')
      .set({ duplicate_of: null, duplicate_status: null })
      .where('duplicate_of', 'in', ids)
      .returning('id')
      .execute();
    unflagged.push(...rows.map((row) => row.id));
  }
  const gone = new Set(doomed.map((p) => p.id));
  return unflagged.filter((id) => !gone.has(id));
}

export async function deletePatrons(db: Kysely<Database>, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await db
      .deleteFrom('patron')
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
}

/** The stored reports of a library's imports, to take purged people out of them. */
export function reportsOfLibraries(db: Kysely<Database>, libraryIds: string[]) {
  return db
    .selectFrom('import_batch')
    .select(['id', 'library_id', 'report'])
    .where('library_id', 'in', libraryIds)
    .execute();
}

/** Reports of imports committed before `cutoff` name rejected rows of people never stored: emptied. */
export async function emptyReportsBefore(db: Kysely<Database>, cutoff: string): Promise<void> {
  await db.updateTable('import_batch').set({ report: '[]' }).where('committed_at', '<', cutoff).execute();
}

/** Which of `cards` are still a patron's card in the library (a report row holding one names that patron). */
export async function liveCards(
  db: Kysely<Database>,
  libraryId: string,
  cards: string[],
): Promise<Set<string>> {
  const live = new Set<string>();
  for (let i = 0; i < cards.length; i += 500) {
    const rows = await db
      .selectFrom('patron')
      .select('card_number')
      .where('library_id', '=', libraryId)
      .where('card_number', 'in', cards.slice(i, i + 500))
      .execute();
    for (const row of rows) live.add(row.card_number);
  }
  return live;
}

export async function replaceReport(db: Kysely<Database>, batchId: string, report: string): Promise<void> {
  await db.updateTable('import_batch').set({ report }).where('id', '=', batchId).execute();
}

/**
 * Rewrites the search index without the entries deleted so far: FTS5 keeps a deleted entry's terms in its
 * older segments until they are merged. With secure_delete on, the pages freed are zeroed.
 */
export async function compactSearchIndex(db: Kysely<Database>): Promise<void> {
  await sql`INSERT INTO patron_search (patron_search) VALUES ('optimize')`.execute(db);
}
