import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread of the services: the bundled `bundled` file next to the running bundle, or —
 * when running from the TypeScript sources (tests, CLI and host in development) — `source` behind tsx's
 * loader. Both names are relative to `here`, the caller's import.meta.url. The tests bundle the workers once
 * per run (tests/setup/worker-bundles.ts) and name the folder in MEDNUM_WORKER_BUNDLES: behind tsx each
 * worker loaded a few hundred modules one by one, a second or two per import opened.
 */
export function startWorkerThread(
  here: string,
  entry: { bundled: string; source: string },
  options: WorkerOptions = {},
): Worker {
  if (!here.endsWith('.ts')) return new Worker(new URL(entry.bundled, here), options);
  const bundles = process.env.MEDNUM_WORKER_BUNDLES;
  if (bundles) return new Worker(path.join(bundles, entry.bundled), options);
  const loader = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const source = JSON.stringify(new URL(entry.source, here).href);
  const bootstrap = `import(${loader}).then(({ register }) => { register(); return import(${source}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
