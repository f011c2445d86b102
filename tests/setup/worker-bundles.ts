import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../helpers/temp.ts';

const made = Symbol.for('mednum.workerBundles');
type Holder = { [made]?: Promise<string> };

/**
 * The services' worker threads, bundled once per run (vitest globalSetup). From the TypeScript sources each
 * worker would start behind tsx's loader and load a few hundred modules one by one — one to two seconds per
 * import opened, hundreds of times a run. The bundles sit inside the repository so that their external
 * packages (better-sqlite3) resolve from node_modules; `startWorkerThread` takes them from
 * MEDNUM_WORKER_BUNDLES, which the test processes inherit. Each project of the run calls this setup: the
 * first makes the folder, the others share it, and it goes when the run's process ends.
 */
export default async function workerBundles() {
  const holder = globalThis as Holder;
  holder[made] ??= bundle();
  process.env.MEDNUM_WORKER_BUNDLES = await holder[made];
}

async function bundle(): Promise<string> {
  const parent = path.join(repoRoot, 'dist', 'test-workers');
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, 'run-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
  } as const;
  const inlined = {
    ...common,
    external: ['electron', 'better-sqlite3', 'exceljs', '@etalab/*', 'decoupage-administratif-2021'],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  };
  const snapshot = 'electron/services/sync/snapshot-worker.ts';
  await Promise.all([
    build({
      ...inlined,
      entryPoints: ['electron/services/core/entry.ts'],
      outfile: path.join(dir, 'core.js'),
    }),
    build({
      ...common,
      packages: 'external',
      entryPoints: ['electron/services/import/worker.ts'],
      outfile: path.join(dir, 'import-worker.js'),
    }),
    fs.existsSync(snapshot) &&
      build({ ...inlined, entryPoints: [snapshot], outfile: path.join(dir, 'snapshot-worker.js') }),
  ]);
  return dir;
}
