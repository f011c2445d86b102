/**
 * « A change was queued for the central service » — said by the queueing functions, inside the change's
 * transaction, and heard by the live sync engines of this process (electron/services/sync/live.ts), which
 * push it as soon as that transaction has ended (their reads wait for the connection). The signal names no
 * database: a listener checks its own outbox, so an engine never pushes for another file's change.
 */
const listeners = new Set<() => void>();

export function onChangeQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signalChangeQueued(): void {
  for (const listener of listeners) listener();
}
