// esbuild's options for the app's bundles, and the services' worker threads: shared by
// bundle-electron.js and the tests, which bundle the same workers once per run
// (tests/setup/worker-bundles.ts).

export const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};
export const esm = { ...common, format: 'esm', packages: 'external' };
// The core and the CLI carry their pure-JS dependencies inside: Node's ESM loader resolves and reads
// zod's and kysely's hundreds of files one by one, a third of a CLI call's start. Native modules,
// exceljs (loaded on the first workbook only) and the reference data's packages stay outside.
export const inlined = {
  ...common,
  format: 'esm',
  external: ['electron', 'better-sqlite3', 'exceljs', '@etalab/*', 'decoupage-administratif-2021'],
  // Bundled CommonJS code (papaparse) calls require(): give it Node's.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
};

// Each worker sits next to whatever bundle starts it (startWorkerThread looks for its file there).
export const workerBundles = [
  // The core (database and services): Electron's utility process, the CLI's worker thread.
  { entry: 'electron/services/core/entry.ts', file: 'core.js', options: inlined },
  // One import session.
  { entry: 'electron/services/import/worker.ts', file: 'import-worker.js', options: esm },
  // A first sync's page writer; its dependencies inlined like the core's, so it starts while the first
  // page downloads.
  { entry: 'electron/services/sync/snapshot-worker.ts', file: 'snapshot-worker.js', options: inlined },
];
