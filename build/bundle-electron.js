// Bundles the Electron main process (ESM), the core, its import worker, and the sandboxed preload (CommonJS,
// `electron` its only import). Dependencies stay external: better-sqlite3 is native and the reference
// data is read from its package. `node build/bundle-electron.js --bench` also bundles the benchmark.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
const esm = { ...common, format: 'esm', packages: 'external' };
// The core and the CLI carry their pure-JS dependencies inside: Node's ESM loader resolves and reads
// zod's and kysely's hundreds of files one by one, a third of a CLI call's start. Native modules,
// exceljs (loaded on the first workbook only) and the reference data's packages stay outside.
const inlined = {
  ...common,
  format: 'esm',
  external: ['electron', 'better-sqlite3', 'exceljs', '@etalab/*', 'decoupage-administratif-2021'],
  // Bundled CommonJS code (papaparse) calls require(): give it Node's.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
};

await build({ ...esm, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.js' });
// The command line, run by the packaged app as `mednum-admin --cli …` (main.js imports it at run time).
await build({ ...inlined, entryPoints: ['electron/cli/entry.ts'], outfile: 'dist/electron/cli.js' });
// The core (database and services): Electron's utility process, the CLI's worker thread (./core.js beside them).
await build({
  ...inlined,
  entryPoints: ['electron/services/core/entry.ts'],
  outfile: 'dist/electron/core.js',
});
// The import worker sits next to whatever bundle starts it (client.ts looks for ./import-worker.js).
await build({
  ...esm,
  entryPoints: ['electron/services/import/worker.ts'],
  outfile: 'dist/electron/import-worker.js',
});
// A first sync's page writer, next to the core (snapshot-client.ts looks for ./snapshot-worker.js); its
// dependencies inlined like the core's, so it starts while the first page downloads.
await build({
  ...inlined,
  entryPoints: ['electron/services/sync/snapshot-worker.ts'],
  outfile: 'dist/electron/snapshot-worker.js',
});
await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  format: 'cjs',
  external: ['electron'],
});

if (process.argv.includes('--bench')) {
  await build({
    ...esm,
    entryPoints: ['tests/bench/import-bench.ts'],
    outfile: 'dist/bench/import-bench.js',
  });
  await build({
    ...esm,
    entryPoints: ['electron/services/import/worker.ts'],
    outfile: 'dist/bench/import-worker.js',
  });
}
