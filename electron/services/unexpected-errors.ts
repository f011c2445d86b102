import { AppError, toErrorPayload } from '../../shared/errors.ts';
import type { Logger } from './log.ts';

/**
 * The one sink for errors nobody expected (they reach people as INTERNAL): whatever the door — IPC, the
 * browser host, the CLI, the menu, a background job — they are logged with their stack in the services
 * log and counted for the diagnostic. Tests listen here and fail on any they did not ask for
 * (tests/setup/unexpected-errors.ts), so an INTERNAL can never pass silently.
 */
export interface UnexpectedErrors {
  report(error: unknown, origin: string): void;
  /**
   * For background work whose expected failures are recorded elsewhere (the sync status): a rejection
   * handler that reports only what would reach people as INTERNAL.
   */
  absorb(origin: string): (error: unknown) => void;
  /** How many were reported since the context opened (shown in the diagnostic). */
  readonly count: number;
}

type Listener = (error: unknown, origin: string) => void;
const listeners = new Set<Listener>();

/** Process-wide: every sink of this process tells these (the test setup's check). */
export function onUnexpectedError(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** An unexpected error another thread or process of this program logged already: only the listeners hear it. */
export function notifyUnexpected(error: unknown, origin: string): void {
  for (const listener of listeners) listener(error, origin);
}

export function createUnexpectedErrors(log: Logger): UnexpectedErrors {
  let count = 0;
  const report = (error: unknown, origin: string) => {
    count += 1;
    log.error(`Erreur inattendue (${origin}) : ${describe(error)}`);
    for (const listener of listeners) listener(error, origin);
  };
  return {
    report,
    absorb: (origin) => (error) => {
      if (toErrorPayload(error).code === 'INTERNAL') report(error, origin);
    },
    get count() {
      return count;
    },
  };
}

/**
 * Name, code and stack frames. A message is kept only from errors whose messages never quote data
 * (SQLite's, the engine's own TypeError/RangeError/ReferenceError): others — JSON.parse's, a library's —
 * may quote the patron file or row being handled, and logs leave the PC in diagnostics.
 */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return `valeur lancée de type ${typeof error}`;
  // An INTERNAL built on purpose (the import worker's) carries the real error as its cause.
  if (error instanceof AppError && error.cause !== undefined)
    return `${error.name} [${error.code}] ← ${describe(error.cause)}`;
  const code = (error as { code?: unknown }).code;
  const safeMessage =
    (typeof code === 'string' && code.startsWith('SQLITE_')) ||
    error instanceof TypeError ||
    error instanceof RangeError ||
    error instanceof ReferenceError;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n');
  const head = `${error.name}${typeof code === 'string' ? ` [${code}]` : ''}`;
  return `${safeMessage ? `${head}: ${error.message}` : head}\n${frames}`;
}
