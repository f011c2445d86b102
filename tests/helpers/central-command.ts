import path from 'node:path';
import { repoRoot } from './temp.ts';

/**
 * How a test starts the central service's command (`central/main.ts`). `bundled`: the run's bundle of it
 * (tests/setup/worker-bundles.ts), which starts in about a third of tsx's CPU; `tsx`: as staff run it
 * (`npm run central`), kept where that route itself is under test.
 */
export function centralCommand(args: string[], via: 'bundled' | 'tsx' = 'bundled'): [string, string[]] {
  if (via === 'tsx')
    return [
      path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [path.join(repoRoot, 'central', 'main.ts'), ...args],
    ];
  const bundles = process.env.MEDNUM_WORKER_BUNDLES;
  if (!bundles)
    throw new Error('MEDNUM_WORKER_BUNDLES is unset: run the tests through vitest (worker-bundles.ts).');
  return [process.execPath, [path.join(bundles, 'central.js'), ...args]];
}
