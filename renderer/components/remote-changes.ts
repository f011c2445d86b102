import { createSignal } from './signal.ts';

/**
 * Whether a sync has brought others' changes since the screens loaded: the header's sync status reports how
 * far this PC has read the central's log (`received`), and every screen's data (useApi) loads again when it
 * moves — a colleague's edit shows without a click, a few seconds after the background sync brought it.
 */
let received: number | null = null;
const remoteChanges = createSignal();

export function noteReceived(position: number): void {
  if (received !== null && position !== received) remoteChanges.notify();
  received = position;
}

/** A number that changes each time others' changes arrive. */
export const useRemoteChanges = remoteChanges.use;

/**
 * The writes made from this window (each `useAction` that succeeded): the header's sync status follows them
 * at once — a change waiting to be sent, a conflict settled — instead of at its next poll.
 */
export const localWrites = createSignal();
