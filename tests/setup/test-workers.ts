/**
 * Test processes at once in the run's parallel group (vitest.config.ts), and browsers the run starts
 * (setup/shared-chromium.ts: one per worker). Three on two cores: with two, a quarter of the CPU stayed idle
 * while files waited on a child process, a browser or a timer; three keep both cores busy (vmstat: 3 % idle).
 */
export const testWorkers = 3;
