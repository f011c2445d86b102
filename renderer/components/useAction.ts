import { useCallback, useState } from 'react';
import type { ErrorPayload } from '../../shared/errors.ts';
import { toDisplayError } from './displayError.ts';
import { localWrites } from './remote-changes.ts';

/**
 * Follows one write (a form's submit, a button): busy while it runs, its refusal kept to show inline.
 * `run` resolves to the result, or to undefined when the service refused.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const run = useCallback(async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      const result = await work();
      localWrites.notify();
      return result;
    } catch (caught) {
      setError(toDisplayError(caught));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}
