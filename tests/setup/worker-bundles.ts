import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { inlined, workerBundles as workers } from '../../build/bundle-options.js';
import { repoRoot } from '../helpers/temp.ts';

const made = Symbol.for('mednum.workerBundles');
type Holder = { [made]?: Promise<string> };

/**
 * Beside the workers, the central service's command, which tests spawn (`user add`, `serve`): behind tsx
 * each start transpiled and loaded its sources one by one, 3–4 s of CPU, against about 1 s bundled. Its
 * pure-JS packages are inlined as the CLI's are (0.5 s less per start than loading fastify's, oidc-provider's
 * and zod's files one by one); PGlite (WebAssembly beside its code) and argon2 (native) stay in node_modules.
 */
const central = {
  ...inlined,
  external: [...(inlined.external ?? []), '@electric-sql/pglite', '@node-rs/argon2', 'pg-native'],
};
const bundles = [
  ...workers,
  { entry: 'central/main.ts', file: 'central.js', options: central },
  // The run's migrated central database is made by this one (setup/template-database.ts).
  { entry: 'tests/setup/pglite-template-maker.ts', file: 'pglite-template.js', options: central },
];

/**
 * The services' worker threads (build/bundle-options.js), bundled once per run (vitest globalSetup; the
 * sync bench calls it too). From the TypeScript sources each worker would start behind tsx's loader and
 * load a few hundred modules one by one — one to two seconds per import opened, hundreds of times a run.
 * The bundles sit inside the repository so that their external packages (better-sqlite3) resolve from
 * node_modules; `startWorkerThread` takes them from MEDNUM_WORKER_BUNDLES, which the test processes
 * inherit. Each project of the run calls this setup: the first makes the folder, the others share it, and
 * it goes when the run's process ends.
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
  await Promise.all(
    bundles.map((worker) =>
      build({
        ...worker.options,
        sourcemap: false,
        entryPoints: [path.join(repoRoot, worker.entry)],
        outfile: path.join(dir, worker.file),
      }),
    ),
  );
  return dir;
}
