import path from 'node:path';
import { repoRoot } from './temp.ts';

/**
 * How a test starts the central service's command (`central/main.ts`). `bundled`: the run's bundle of it
 * (tests/setup/worker-bundles.ts), which starts in about a third of tsx's CPU; `tsx`: as staff run it
 * (`npm run central`: `node --import tsx`, one process), kept where that route itself is under test. Run by
 * tsx's own command, the service is a child that tsx kills outright when it does not confirm a SIGTERM
 * within 30 ms — on a busy server, a stop in the middle of requests and of PGlite's files.
 */
export function centralCommand(args: string[], via: 'bundled' | 'tsx' = 'bundled'): [string, string[]] {
  if (via === 'tsx')
    return [process.execPath, ['--import', 'tsx', path.join(repoRoot, 'central', 'main.ts'), ...args]];
  const bundles = process.env.MEDNUM_WORKER_BUNDLES;
  if (!bundles)
    throw new Error('MEDNUM_WORKER_BUNDLES is unset: run the tests through vitest (worker-bundles.ts).');
  return [process.execPath, [path.join(bundles, 'central.js'), ...args]];
}
