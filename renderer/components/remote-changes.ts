import { useSyncExternalStore } from 'react';

/**
 * Whether a sync has brought others' changes since the screens loaded: the header's sync status reports how
 * far this PC has read the central's log (`received`), and every screen's data (useApi) loads again when it
 * moves — a colleague's edit shows without a click, a few seconds after the background sync brought it.
 */
let received: number | null = null;
let generation = 0;
const listeners = new Set<() => void>();

export function noteReceived(position: number): void {
  if (received !== null && position !== received) {
    generation += 1;
    for (const listener of listeners) listener();
  }
  received = position;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A number that changes each time others' changes arrive. */
export function useRemoteChanges(): number {
  return useSyncExternalStore(subscribe, () => generation);
}
