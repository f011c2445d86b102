// Bundles the Electron main process (ESM), the core, its import worker, and the sandboxed preload (CommonJS,
// `electron` its only import). Dependencies stay external: better-sqlite3 is native and the reference
// data is read from its package. `node build/bundle-electron.js --bench` also bundles the benchmark.
import { build } from 'esbuild';
import { common, esm, inlined, workerBundles } from './bundle-options.js';

await build({ ...esm, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.js' });
// The command line, run by the packaged app as `mednum-admin --cli …` (main.js imports it at run time).
await build({ ...inlined, entryPoints: ['electron/cli/entry.ts'], outfile: 'dist/electron/cli.js' });
for (const worker of workerBundles)
  await build({ ...worker.options, entryPoints: [worker.entry], outfile: `dist/electron/${worker.file}` });
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
  // The import worker beside the bench, bundled as the app's.
  const importWorker = workerBundles.find((worker) => worker.file === 'import-worker.js');
  await build({
    ...importWorker.options,
    entryPoints: [importWorker.entry],
    outfile: 'dist/bench/import-worker.js',
  });
}
