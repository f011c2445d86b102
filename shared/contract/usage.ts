/**
 * Usage of the resource platforms: vendors' COUNTER 5 / 5.1 reports imported (JSON or tabular), per
 * platform and month, previewed, undone, reported (shared/domain/usage/).
 */
export const usageMethods = {} as const;
