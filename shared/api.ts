import type { Input, Method, Output } from './contract.ts';
import { AppError, type ErrorPayload, isErrorPayload } from './errors.ts';

/** How a call comes back through any door: never a thrown error across a process boundary. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** The single function a door must provide; the preload's object is checked against it. */
export type Invoke = <M extends Method>(method: M, input: Input<M>) => Promise<Envelope<Output<M>>>;

/** The one IPC channel between the preload and the main process. */
export const ipcChannel = 'mednum:invoke';

export interface Bridge {
  invoke: Invoke;
}

/** Typed client over any door: `api.call('epci.get', { siren })` resolves or throws an AppError. */
export function createApi(invoke: Invoke) {
  return {
    async call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
      const envelope = await invoke(method, input);
      if (envelope.ok) return envelope.value;
      const error = isErrorPayload(envelope.error)
        ? envelope.error
        : ({ code: 'INTERNAL', message: 'Réponse illisible du service.' } as const);
      throw new AppError(error.code, error.message);
    },
  };
}

export type Api = ReturnType<typeof createApi>;
