import type { StoredScenario } from '../../../shared/domain/scenarios.ts';
import { type DraftScenario, toDraft } from './scenarios.ts';

/**
 * The screen's scenarios once a sync has brought colleagues' changes: the stored version of each, new ones
 * added at the end, removed ones gone — except a scenario this PC is editing and has not stored yet
 * (`unsaved`), kept as typed (its save then meets the colleague's change as a sync conflict, settled on
 * the Conflits screen).
 */
export function withStored(
  drafts: readonly DraftScenario[],
  stored: readonly StoredScenario[],
  unsaved: (draft: DraftScenario) => boolean,
): DraftScenario[] {
  const byId = new Map(stored.map((s) => [s.id, s]));
  const kept = drafts.flatMap((draft) => {
    if (unsaved(draft)) return [draft];
    const fresh = byId.get(draft.id);
    return fresh ? [{ ...toDraft(fresh), id: fresh.id }] : [];
  });
  const known = new Set(drafts.map((draft) => draft.id));
  return [...kept, ...stored.filter((s) => !known.has(s.id)).map((s) => ({ ...toDraft(s), id: s.id }))];
}
