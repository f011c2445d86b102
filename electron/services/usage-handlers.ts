import type { Handlers } from '../../shared/contract.ts';
import type { AppContext } from './context.ts';

type UsageHandlers = Pick<Handlers, never>;

/** Vendors' COUNTER usage reports: imported, previewed, undone, listed. */
export function usageHandlers(_context: Pick<AppContext, 'database'>): UsageHandlers {
  return {};
}
