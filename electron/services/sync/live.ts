import { setTimeout as sleep } from 'node:timers/promises';
import { onChangeQueued } from '../../../db/queries/sync-signal.ts';
import { AppError } from '../../../shared/errors.ts';
import type { SyncEngine } from './engine.ts';

/** Pauses before following the live channel again after it failed (offline, signed out, server down). */
const defaultDelaysMs = [1_000, 5_000, 15_000, 60_000] as const;

/**
 * A long-lived door's live sync (the app's window, the browser host): an edit saved here is pushed as soon
 * as its transaction ends, and the central service's live channel (`GET /sync/events`, its log's version
 * after every commit) makes this PC pull as soon as another PC's change is committed — instead of waiting
 * for the periodic sync, which stays as the fallback while the channel is down. Failures are the periodic
 * sync's to report: here an AppError (offline, signed out) only delays the next attempt; anything else goes
 * to `absorb`.
 */
export function startLiveSync(
  engine: SyncEngine,
  absorb: (error: unknown) => void,
  delaysMs: readonly number[] = defaultDelaysMs,
): { stop(): Promise<void> } {
  const controller = new AbortController();
  const quiet = (error: unknown) => {
    if (!(error instanceof AppError)) absorb(error);
  };
  const push = coalesced(async () => {
    if (await engine.waiting()) await engine.push();
  }, quiet);
  const pull = coalesced(() => engine.catchUp(), quiet);
  // Heard inside the change's transaction: the engine's reads wait for it to end, then see the change.
  const unlisten = onChangeQueued(() => {
    if (!controller.signal.aborted) setImmediate(push);
  });
  let wake = new AbortController();
  const unlistenLogin = engine.onLogin(() => wake.abort());

  async function follow() {
    for (let attempt = 0; !controller.signal.aborted; ) {
      try {
        for await (const version of await engine.events(controller.signal)) {
          attempt = 0;
          if (await engine.behind(version)) pull();
        }
      } catch (error) {
        quiet(error);
      }
      if (controller.signal.aborted) return;
      wake = new AbortController();
      const pause = delaysMs[Math.min(attempt++, delaysMs.length - 1)] ?? 0;
      await sleep(pause, undefined, { signal: AbortSignal.any([controller.signal, wake.signal]) }).catch(
        () => {},
      );
    }
  }
  const following = follow();

  return {
    async stop() {
      controller.abort();
      unlisten();
      unlistenLogin();
      await following;
    },
  };
}

/**
 * Runs `task` now, or once more right after the run under way when asked during it: every request is
 * served by a run that starts after it, and a burst of requests costs two runs, not one per request.
 */
function coalesced(task: () => Promise<unknown>, onError: (error: unknown) => void): () => void {
  let busy = false;
  let again = false;
  return function run() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    again = false;
    task()
      .catch(onError)
      .finally(() => {
        busy = false;
        if (again) run();
      });
  };
}
