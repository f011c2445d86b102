import { useCallback, useState } from 'react';
import { useAction } from './useAction.ts';

/**
 * Confirm, then act: `ask(item)` opens the ConfirmModal about that item; its confirm button runs `act`,
 * the modal closing (and `onDone` getting the result) only once the service accepted. A refusal stays
 * in the modal, beside the button that caused it. Spread `modal` on the ConfirmModal.
 */
export function useConfirmedAction<T, R>(act: (item: T) => Promise<R>, onDone?: (result: R) => void) {
  const [item, setItem] = useState<T | null>(null);
  const action = useAction();
  const { run, clear } = action;
  const confirm = useCallback(async () => {
    if (item === null) return;
    const result = await run(() => act(item));
    if (result !== undefined) {
      setItem(null);
      onDone?.(result);
    }
  }, [item, run, act, onDone]);
  // Asking about another item, or closing, forgets the last refusal.
  const ask = useCallback(
    (next: T | null) => {
      clear();
      setItem(next);
    },
    [clear],
  );
  return {
    /** The item waiting for confirmation, or null. */
    item,
    ask,
    modal: {
      opened: item !== null,
      busy: action.busy,
      error: action.error,
      onConfirm: () => void confirm(),
      onClose: () => ask(null),
    },
  };
}
