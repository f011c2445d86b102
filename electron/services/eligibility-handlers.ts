import type { Handlers } from '../../shared/contract.ts';
import type { AppContext } from './context.ts';

type EligibilityHandlers = Pick<Handlers, never>;

/** A patron's access to the médiathèque numérique, counted and listed (shared/domain/eligibility.ts). */
export function eligibilityHandlers(_context: Pick<AppContext, 'database'>): EligibilityHandlers {
  return {};
}
