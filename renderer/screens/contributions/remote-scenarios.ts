import { type Dispatch, type RefObject, type SetStateAction, useEffect, useRef } from 'react';
import type { StoredScenario } from '../../../shared/domain/scenarios.ts';
import { api } from '../../api.ts';
import { useRemoteChanges } from '../../components/remote-changes.ts';
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

/**
 * The Scénarios screen after a sync that brought colleagues' changes: their scenarios and edits show, what
 * is being typed here (`edited`: scenarios changed and not stored yet) stays, and a removed scenario leaves
 * the comparison and the selection.
 */
export function useColleaguesChanges({
  edited,
  remember,
  setDrafts,
  setCompared,
  setActiveId,
}: {
  edited: RefObject<Map<string, number>>;
  remember: (scenario: StoredScenario) => void;
  setDrafts: Dispatch<SetStateAction<DraftScenario[] | null>>;
  setCompared: Dispatch<SetStateAction<string[]>>;
  setActiveId: Dispatch<SetStateAction<string | null>>;
}): void {
  const remote = useRemoteChanges();
  const seenRemote = useRef(remote);
  useEffect(() => {
    if (remote === seenRemote.current) return;
    seenRemote.current = remote;
    void api.call('scenario.list', {}).then((fresh) => {
      setDrafts((current) => current && withStored(current, fresh, (draft) => edited.current.has(draft.id)));
      for (const s of fresh) remember(s);
      const ids = new Set(fresh.map((s) => s.id));
      setCompared((chosen) => chosen.filter((id) => ids.has(id)));
      setActiveId((id) => (id !== null && ids.has(id) ? id : (fresh[0]?.id ?? null)));
    });
  }, [remote, remember, edited, setDrafts, setCompared, setActiveId]);
}
