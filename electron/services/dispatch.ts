import type { Envelope } from '../../shared/api.ts';
import { contract, type Handlers, isMethod } from '../../shared/contract.ts';
import { containsControlCharacters, controlCharacterMessage } from '../../shared/domain/plain-text.ts';
import { toErrorPayload } from '../../shared/errors.ts';
import type { AppContext } from './context.ts';
import type { Gate } from './gate.ts';
import { createHandlers } from './handlers.ts';

/**
 * In development and tests, every answer is also checked against the contract's output schema: a handler
 * that drifts from what the doors and the UI were promised fails there (INTERNAL), not on a user's screen.
 */
const checkOutputs = process.env.NODE_ENV === 'test' || process.env.NODE_ENV === 'development';

/**
 * The one entry every door goes through: checks the method name and validates the input against the
 * contract before any handler runs, and turns every failure into `{ code, message }`. An error that
 * becomes INTERNAL goes to `onUnexpected`, which no door may leave out.
 */
export async function dispatch(
  handlers: Handlers,
  method: unknown,
  input: unknown,
  onUnexpected: (error: unknown) => void,
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
  // One rule for every string of every input (the central service applies the same to what it stores).
  if (containsControlCharacters(parsed.data))
    return {
      ok: false,
      error: { code: 'INVALID_INPUT', message: `Données invalides : ${controlCharacterMessage}` },
    };
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    const value = await handler(parsed.data);
    if (checkOutputs) {
      const output = contract[method].output.safeParse(value);
      if (!output.success)
        throw new Error(
          `${method}: output outside the contract: ${JSON.stringify(output.error.issues.slice(0, 3))}`,
        );
    }
    return { ok: true, value };
  } catch (error) {
    const payload = toErrorPayload(error);
    if (payload.code === 'INTERNAL') onUnexpected(error);
    return { ok: false, error: payload };
  }
}

/**
 * Every door's gate (IPC, browser host, CLI, menu, tests): the context's handlers behind `dispatch`, with
 * the context's one sink for unexpected errors wired in.
 */
export function openGate(context: AppContext, handlers: Handlers = createHandlers(context)): Gate {
  return (method, input) =>
    dispatch(handlers, method, input, (error) => context.unexpected.report(error, `appel ${String(method)}`));
}
