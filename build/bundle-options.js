import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

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

/**
 * zod's root module re-exports its forty-odd locales (`z.locales`), 390 KB of a 960 KB CLI bundle that
 * every start parses again; the app speaks French only (shared/validation.ts). Inlined bundles keep `fr`,
 * and `en`, zod's default until validation.ts switches it.
 */
const frenchZodOnly = {
  name: 'french-zod-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.resolveDir.includes(`${path.sep}zod${path.sep}`)
        ? { path: 'zod-locales', namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents:
        "export { default as en } from 'zod/v4/locales/en.js'; export { default as fr } from 'zod/v4/locales/fr.js';",
      resolveDir: repoRoot,
    }));
  },
};
// The core and the CLI carry their pure-JS dependencies inside: Node's ESM loader resolves and reads
// zod's and kysely's hundreds of files one by one, a third of a CLI call's start. Native modules,
// exceljs (loaded on the first workbook only) and the reference data's packages stay outside.
export const inlined = {
  ...common,
  plugins: [frenchZodOnly],
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
  // One import session; inlined too: loading zod and kysely file by file cost each session opened
  // 0.48 s of CPU before it read a byte, against 0.27 s inlined.
  { entry: 'electron/services/import/worker.ts', file: 'import-worker.js', options: inlined },
  // A first sync's page writer; its dependencies inlined like the core's, so it starts while the first
  // page downloads.
  { entry: 'electron/services/sync/snapshot-worker.ts', file: 'snapshot-worker.js', options: inlined },
];
