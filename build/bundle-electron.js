// Bundles the Electron main process (ESM) and the sandboxed preload (CommonJS, `electron` its only import).
// Dependencies stay external: better-sqlite3 is native and the reference data is read from its package.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['electron/main/main.ts'],
  outfile: 'dist/electron/main.js',
  format: 'esm',
  packages: 'external',
});

await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  format: 'cjs',
  external: ['electron'],
});
