import { afterAll } from 'vitest';
import { type CentralOptions, type CentralServer, startCentral } from '../../../central/app.ts';
import { type Backend, backends } from '../../central/backends.ts';
import { migratedPgliteDump } from '../../helpers/pglite-template.ts';

/**
 * The real central service, in-process: PGlite in memory by default; when DATABASE_URL is set (CI), a
 * fresh database on that PostgreSQL server (tests/central/backends.ts makes and drops it). `backend`: on
 * that one, for a suite that runs once per backend.
 */
export async function startTestCentral(
  extra: Pick<CentralOptions, 'now'> & { backend?: Backend } = {},
): Promise<CentralServer> {
  const { backend, ...options } = extra;
  const postgres = process.env.DATABASE_URL
    ? backends.find((candidate) => candidate.name === 'postgres')
    : undefined;
  const chosen = backend ?? postgres;
  const store = chosen ? await chosen.fresh() : undefined;
  const memoryDump = store ? undefined : await migratedPgliteDump();
  const server = await startCentral({ ...store?.options, memoryDump, ...options });
  afterAll(async () => {
    await server.close();
    await store?.dispose();
  });
  return server;
}

export const password = 'mot-de-passe-solide-2026';
