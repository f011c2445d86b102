import { defineConfig } from 'vitest/config';
import { testWorkers } from './tests/setup/test-workers.ts';

/**
 * Files whose assertions are times (a door answering within 50 ms while the core works, /health p99 under
 * hostile clients, the Lecteurs grid drawn in 250 ms…). They run after the others, one at a time, so no
 * other test file competes with them for the two cores.
 */
const timed = [
  'tests/central/hostile-clients.test.ts',
  'tests/electron/core-process.test.ts',
  'tests/integration/core-process.test.ts',
  'tests/integration/write-lock.test.ts',
  'tests/ui/big-import.test.ts',
  'tests/ui/patron-grid.test.ts',
  'tests/sync/live.test.ts',
];

export default defineConfig({
  test: {
    setupFiles: ['tests/setup/unexpected-errors.ts'],
    // Made once per run and shared by the files: Chromiums (one per worker), the migrated template databases.
    // worker-bundles first: template-database starts a bundle of its own.
    globalSetup: [
      'tests/setup/shared-chromium.ts',
      'tests/setup/worker-bundles.ts',
      'tests/setup/template-database.ts',
    ],
    pool: 'forks',
    // A worker keeps its loaded modules from one file to the next: loading the app's modules again cost each
    // of some 190 files 1–3 s. A file restores any global it changes (process.env, timers, listeners).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // Each project names its own files: a project's arrays would add to the root's, not replace them.
    projects: [
      {
        extends: true,
        test: {
          name: 'parallel',
          include: ['tests/**/*.test.ts'],
          exclude: timed,
          maxWorkers: testWorkers,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'timed', include: timed, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
