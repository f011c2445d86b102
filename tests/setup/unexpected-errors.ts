import { afterAll, afterEach } from 'vitest';
import { onUnexpectedError } from '../../electron/services/unexpected-errors.ts';

/**
 * Every test file runs with this: an error that reached a door as INTERNAL fails the test that caused it,
 * unless the test said it expected one (`expectUnexpectedErrors`). Without it, an INTERNAL answered to a
 * call whose result a test does not look at would pass unnoticed.
 */
let seen: { error: unknown; origin: string }[] = [];
let expected = 0;
// Test files share a process (vitest.config.ts): each file listens only while it runs.
afterAll(onUnexpectedError((error, origin) => seen.push({ error, origin })));

/** Says the current test causes `count` unexpected errors on purpose, and returns them at the end. */
export function expectUnexpectedErrors(count: number): { error: unknown; origin: string }[] {
  expected = count;
  return seen;
}

afterEach(() => {
  const found = seen;
  const wanted = expected;
  seen = [];
  expected = 0;
  if (found.length !== wanted) {
    const details = found.map(({ error, origin }) => `${origin}: ${describe(error)}`).join('\n\n');
    throw new Error(
      `${found.length} unexpected error(s) (INTERNAL) during this test, ${wanted} expected:\n${details}`,
    );
  }
});

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause === undefined
    ? (error.stack ?? error.message)
    : `${error.stack}\ncaused by ${describe(error.cause)}`;
}
