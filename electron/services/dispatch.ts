import type { Envelope, Invoke } from '../../shared/api.ts';
import {
  contract,
  type Handlers,
  type Input,
  isMethod,
  type Method,
  type Output,
} from '../../shared/contract.ts';
import { toErrorPayload } from '../../shared/errors.ts';

/**
 * The one entry every door goes through: checks the method name and validates the input against the
 * contract before any handler runs, and turns every failure into `{ code, message }`.
 */
export async function dispatch(
  handlers: Handlers,
  method: unknown,
  input: unknown,
  onUnexpected: (error: unknown) => void = () => {},
): Promise<Envelope<unknown>> {
  if (!isMethod(method)) {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Cette opération n’existe pas.' } };
  }
  const parsed = contract[method].input.safeParse(input ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues[0]?.message;
    return {
      ok: false,
      error: { code: 'INVALID_INPUT', message: `Données invalides${detail ? ` : ${detail}` : '.'}` },
    };
  }
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    const payload = toErrorPayload(error);
    if (payload.code === 'INTERNAL') onUnexpected(error);
    return { ok: false, error: payload };
  }
}

/** The in-process door (CLI, tests): the same checks as IPC and HTTP, without a transport. */
export function localInvoke(handlers: Handlers, onUnexpected?: (error: unknown) => void): Invoke {
  // Sound because the handlers are typed per method and dispatch only ever returns that handler's output.
  return <M extends Method>(method: M, input: Input<M>) =>
    dispatch(handlers, method, input, onUnexpected) as Promise<Envelope<Output<M>>>;
}
