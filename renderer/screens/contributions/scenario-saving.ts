import { useCallback, useRef } from 'react';
import type { StoredScenario } from '../../../shared/domain/scenarios.ts';
import { api } from '../../api.ts';
import { useAction } from '../../components/useAction.ts';
import { checkDraft, type DraftScenario } from './scenarios.ts';

/** A valid edit is stored this long after the last keystroke. */
const saveDelayMs = 400;

/**
 * Save-as-you-type for the Scénarios screen: a valid draft is stored once typing pauses, and only when it
 * differs from what the database holds; an incomplete one waits, said under its form. `edited` counts the
 * changes of each scenario not stored yet, so that a sync bringing a colleague's version leaves them as
 * typed (remote-scenarios.ts). `remember` takes what the database now holds of a scenario.
 */
export function useScenarioSaving(onStored: (scenario: StoredScenario) => void) {
  const saving = useAction();
  /** What the database holds of each scenario (its file content and notes), to store only real changes. */
  const stored = useRef(new Map<string, string>());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  /** Scenarios changed here and not stored yet, with the number of their last change. */
  const edited = useRef(new Map<string, number>());

  const remember = useCallback(
    (s: StoredScenario) => {
      stored.current.set(s.id, JSON.stringify([s.name, s.year, s.conventions, s.notes]));
      onStored(s);
    },
    [onStored],
  );

  const { run: save } = saving;
  const scheduleSave = useCallback(
    (draft: DraftScenario, notes: string) => {
      const check = checkDraft(draft);
      const change = (edited.current.get(draft.id) ?? 0) + 1;
      edited.current.set(draft.id, change);
      if (!check.ok) return;
      const { name, year, conventions } = check.scenario;
      const content = JSON.stringify([name, year, conventions, notes]);
      clearTimeout(timers.current.get(draft.id));
      if (stored.current.get(draft.id) === content) {
        edited.current.delete(draft.id);
        return;
      }
      timers.current.set(
        draft.id,
        setTimeout(() => {
          void save(async () => {
            const saved = await api.call('scenario.save', { id: draft.id, ...check.scenario, notes });
            remember(saved);
            // Stored as it is on screen, unless it changed meanwhile.
            if (edited.current.get(draft.id) === change) edited.current.delete(draft.id);
            return saved;
          });
        }, saveDelayMs),
      );
    },
    [save, remember],
  );

  /** Drops a scenario's pending save (it was removed). */
  const cancel = useCallback((id: string) => clearTimeout(timers.current.get(id)), []);

  return { saving, edited, remember, scheduleSave, cancel };
}
