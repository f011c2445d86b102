/**
 * The patron-access administration held by the central service (shared/sync/access.ts): the access
 * policy, the platforms allowed to sign patrons in, and the active patrons counted from sign-ins.
 */
export const accessMethods = {} as const;
