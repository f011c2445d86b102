// The patron fields and their labels belong to the contract (the mapping screen shows them): one list, in shared/.
export { type PatronField, patronFieldLabels, patronFields } from '../../../../shared/domain/patron.ts';

import type { PatronField } from '../../../../shared/domain/patron.ts';

/** Without these a row is rejected. */
export const requiredPatronFields: readonly PatronField[] = ['cardNumber', 'lastName'];
