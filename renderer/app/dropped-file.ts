/**
 * A patron file dropped anywhere on the window, handed to the import wizard: kept until the wizard takes
 * it (it may not be on screen yet), or given at once to a wizard already listening.
 */
let pending: File | null = null;
const listeners = new Set<(file: File) => void>();

export const importableFile = /\.(csv|txt|tsv|xlsx)$/i;

export function dropFile(file: File): void {
  if (listeners.size === 0) pending = file;
  for (const listener of listeners) listener(file);
}

/** Subscribes to dropped files; a file dropped before is delivered at once. Returns the unsubscribe. */
export function onDroppedFile(listener: (file: File) => void): () => void {
  listeners.add(listener);
  if (pending) {
    const file = pending;
    pending = null;
    listener(file);
  }
  return () => listeners.delete(listener);
}
