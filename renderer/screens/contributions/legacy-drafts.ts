import type { Scenario } from '../../../shared/domain/contributions/index.ts';
import { api } from '../../api.ts';
import { type DraftScenario, keepLegacyDrafts, legacyDrafts, salvageDraft } from './scenarios.ts';

/** The drafts an earlier version kept in this browser, stored once (a second screen opening waits for it). */
let legacyImport: Promise<void> | null = null;
export function importLegacyDrafts(): Promise<void> {
  legacyImport ??= (async () => {
    const drafts = legacyDrafts();
    if (drafts.length === 0) return;
    // A window closed between a draft's storing and its forgetting, or two windows opening at once, would
    // store it twice: one already stored (same name, year and conventions) is only forgotten.
    const same = (s: Scenario) => JSON.stringify([s.name, s.year, s.conventions]);
    const known = new Set((await api.call('scenario.list', {})).map(same));
    // One by one, each forgotten here once stored: a refusal (no staff name yet) leaves the rest for later.
    while (drafts.length > 0) {
      const { scenario, notes } = salvageDraft(drafts[0] as DraftScenario);
      if (!known.has(same(scenario))) await api.call('scenario.save', { ...scenario, notes });
      known.add(same(scenario));
      drafts.shift();
      keepLegacyDrafts(drafts);
    }
  })().finally(() => {
    legacyImport = null;
  });
  return legacyImport;
}
