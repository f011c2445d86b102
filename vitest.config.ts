import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup/unexpected-errors.ts'],
    // Made once per run and shared by every file: Chromium, and the migrated, seeded app database.
    globalSetup: ['tests/setup/shared-chromium.ts', 'tests/setup/template-database.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
