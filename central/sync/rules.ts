import { sql } from 'kysely';
import { readStoredBands } from '../../shared/domain/contributions/bands.ts';
import { periodsOverlap } from '../../shared/domain/convention.ts';
import { isAllowedMove, type OnboardingStatus, refusedMoveMessage } from '../../shared/domain/onboarding.ts';
import type { SyncTable } from '../../shared/sync/protocol.ts';
import type { LogPage } from './log-page.ts';
import { missingLibraries, unknownLibraryReason } from './references.ts';
import type { Row } from './tables.ts';

/**
 * Business rules the server can check on a whole row (after merging a patch), from shared/domain/.
 * Returns a French reason to reject, or null.
 */
export async function checkRules(
  page: LogPage,
  table: SyncTable,
  rowId: string,
  before: Row | null,
  after: Row,
): Promise<{ code: string; reason: string } | null> {
  if (
    table === 'mapping_profile' &&
    (await missingLibraries(await page.flushed(), [String(after.library_id)])).length > 0
  )
    return { code: 'UNKNOWN_REFERENCE', reason: unknownLibraryReason };
  if (table === 'epci_followup' && before && before.status !== after.status) {
    const from = before.status as OnboardingStatus;
    const to = after.status as OnboardingStatus;
    if (!isAllowedMove(from, to))
      return { code: 'STATUS_MOVE_REFUSED', reason: refusedMoveMessage(from, to) };
  }
  if (table === 'convention') {
    const start = String(after.start_on);
    const end = (after.end_on as string | null) ?? null;
    if (end !== null && end < start)
      return { code: 'INVALID_ROW', reason: 'La date de fin précède la date de début.' };
    if (
      after.floor_cents != null &&
      after.cap_cents != null &&
      Number(after.floor_cents) > Number(after.cap_cents)
    )
      return { code: 'INVALID_ROW', reason: 'Le plancher dépasse le plafond.' };
    // A merged row (the rate from one PC, the bands from another) keeps the grid's first rate the convention's.
    if (typeof after.bands === 'string' && readStoredBands(after.bands)?.[0]?.rateE4 !== after.rate_e4)
      return {
        code: 'INVALID_ROW',
        reason: 'Le taux de la première tranche doit être le taux de la convention.',
      };
    const others = await (await page.flushed())
      .selectFrom('sync_row')
      .select(['row_id', 'data'])
      .where('table_name', '=', 'convention')
      .where('deleted', '=', false)
      .where('row_id', '!=', rowId)
      .where(sql<string>`data->>'epci_siren'`, '=', String(after.epci_siren))
      .execute();
    for (const other of others) {
      const data = other.data as Row;
      if (
        periodsOverlap(
          { start, end },
          { start: String(data.start_on), end: (data.end_on as string | null) ?? null },
        )
      )
        return {
          code: 'CONVENTION_OVERLAP',
          reason: `Cette convention chevauche une autre convention de la même collectivité (${data.reference || data.start_on}).`,
        };
    }
  }
  return null;
}
