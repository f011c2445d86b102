import type { Handlers } from '../../shared/contract.ts';
import type { AppContext } from './context.ts';

type AccessHandlers = Pick<Handlers, never>;

/** The access policy, the platforms and the active patrons, held by the central service. */
export function accessHandlers(_context: Pick<AppContext, 'database'>): AccessHandlers {
  return {};
}
