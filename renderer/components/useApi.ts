import { useCallback, useEffect, useRef, useState } from 'react';
import type { Input, Method, Output } from '../../shared/contract.ts';
import { api } from '../api.ts';
import { toDisplayError } from './displayError.ts';
import { useRemoteChanges } from './remote-changes.ts';

type Snapshot<M extends Method> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: Output<M>; error?: undefined }
  | { status: 'failed'; data?: undefined; error: { code: string; message: string } };

export type ApiState<M extends Method> = Snapshot<M> & {
  /** Calls again after a write; what is on screen stays until the fresh answer arrives. */
  reload: () => void;
};

/**
 * Calls one contract method and follows its state; a new input (by value) calls again, and so does a sync
 * that brought others' changes (remote-changes.ts), in place like a reload.
 */
export function useApi<M extends Method>(method: M, input: Input<M>): ApiState<M> {
  const [state, setState] = useState<Snapshot<M>>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  const remote = useRemoteChanges();
  const shownKey = useRef<string | null>(null);
  const key = JSON.stringify(input);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` and `remote` trigger reloads, they are not inputs.
  useEffect(() => {
    let current = true;
    // A reload keeps the screen (and the forms on it) in place; a different input shows a loader.
    if (shownKey.current !== `${method}:${key}`) setState({ status: 'loading' });
    api
      .call(method, JSON.parse(key) as Input<M>)
      .then((data) => {
        if (!current) return;
        shownKey.current = `${method}:${key}`;
        setState({ status: 'ready', data });
      })
      .catch((error: unknown) => {
        if (!current) return;
        shownKey.current = null;
        setState({ status: 'failed', error: toDisplayError(error) });
      });
    return () => {
      current = false;
    };
  }, [method, key, version, remote]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}
