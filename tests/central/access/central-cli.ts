import path from 'node:path';
import { vi } from 'vitest';
import type { CentralOptions } from '../../../central/app.ts';
import { runCentralCli } from '../../../central/cli.ts';

/**
 * Runs the central CLI in this process on `store`, as an administrator runs it on the server (its keys in
 * `keyDir`): its exit code and what it wrote on stdout and stderr.
 */
export async function centralCli(
  store: Pick<CentralOptions, 'dataDir' | 'databaseUrl'>,
  keyDir: string,
  ...args: string[]
) {
  const previousUrl = process.env.DATABASE_URL;
  if (store.databaseUrl) process.env.DATABASE_URL = store.databaseUrl;
  else delete process.env.DATABASE_URL;
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const where = store.dataDir ? ['--data', store.dataDir] : [];
    const code = await runCentralCli([...args, ...where, '--key-file', path.join(keyDir, 'k.json')]);
    return {
      code,
      stdout: out.mock.calls.map((call) => String(call[0])).join(''),
      stderr: err.mock.calls.map((call) => String(call[0])).join(''),
    };
  } finally {
    out.mockRestore();
    err.mockRestore();
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
  }
}
