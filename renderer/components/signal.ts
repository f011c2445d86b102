import { useSyncExternalStore } from 'react';

/**
 * Something that happens now and then, that components follow: `notify` counts one more, and `use` gives
 * the count, so a component (or an effect keyed on it) renders again each time.
 */
export function createSignal(): { notify(): void; use(): number } {
  let count = 0;
  const listeners = new Set<() => void>();
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return {
    notify() {
      count += 1;
      for (const listener of listeners) listener();
    },
    use: () => useSyncExternalStore(subscribe, () => count),
  };
}
