import type { ErrorPayload } from '../../shared/errors.ts';
import { AppError } from '../../shared/errors.ts';

/** What the screens show of a failure: the service's French sentence, never a stack. */
export function toDisplayError(error: unknown): ErrorPayload {
  return error instanceof AppError ? error.toPayload() : { code: 'INTERNAL', message: 'Erreur inattendue.' };
}
