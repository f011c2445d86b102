/**
 * Who may enter the médiathèque numérique (shared/domain/eligibility.ts): a patron's access, the counts
 * per library and EPCI, the list. Local: computed on this PC from its mirror and the cached access policy.
 */
export const eligibilityMethods = {} as const;
