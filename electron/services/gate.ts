import type { Envelope, Invoke } from '../../shared/api.ts';
import type { Input, Method, Output } from '../../shared/contract.ts';

/** What a door calls: a method name and an input, both untrusted. */
export type Gate = (method: unknown, input: unknown) => Promise<Envelope<unknown>>;

/** A gate as a typed Invoke (CLI, tests): the same gate as IPC and HTTP, without a transport. */
export function localInvoke(gate: Gate): Invoke {
  // Sound because the handlers are typed per method and dispatch only ever returns that handler's output.
  return <M extends Method>(method: M, input: Input<M>) =>
    gate(method, input) as Promise<Envelope<Output<M>>>;
}
