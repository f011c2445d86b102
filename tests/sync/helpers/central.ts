import { afterAll } from 'vitest';
import { type CentralOptions, type CentralServer, startCentral } from '../../../central/app.ts';
import { backends } from '../../central/backends.ts';

/**
 * The real central service, in-process: PGlite in memory by default; when DATABASE_URL is set (CI), a
 * fresh database on that PostgreSQL server (tests/central/backends.ts makes and drops it).
 */
export async function startTestCentral(extra: Pick<CentralOptions, 'now'> = {}): Promise<CentralServer> {
  const postgres = process.env.DATABASE_URL
    ? backends.find((backend) => backend.name === 'postgres')
    : undefined;
  const store = postgres ? await postgres.fresh() : undefined;
  const server = await startCentral({ ...store?.options, ...extra });
  afterAll(async () => {
    await server.close();
    await store?.dispose();
  });
  return server;
}

export const password = 'mot-de-passe-solide-2026';
