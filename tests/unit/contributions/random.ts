/** A tiny deterministic generator (xorshift32): the property tests run the same cases every time. */
export function xorshift(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  /** An integer from min to max, both included (ranges far below 2^32, so the bias is negligible). */
  const int = (min: number, max: number) => min + (next() % (max - min + 1));
  const pick = <T>(values: readonly T[]): T => values[int(0, values.length - 1)] as T;
  return { next, int, pick };
}

/** A real date of `year`, any day: computed through Date.UTC, independently of the engine's calendar. */
export function dateOfYear(year: number, dayIndex: number): string {
  return new Date(Date.UTC(year, 0, 1 + dayIndex)).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included, through Date.UTC (the oracle the engine is checked against). */
export function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
}
