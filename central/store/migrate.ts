import { type Kysely, sql } from 'kysely';
import * as accounts from './migrations/0001-accounts.ts';
import * as syncLog from './migrations/0002-sync-log.ts';
import * as importBatches from './migrations/0003-import-batches.ts';
import * as patronCards from './migrations/0004-patron-cards.ts';
import * as fieldAuthors from './migrations/0005-field-authors.ts';
import * as rowAliases from './migrations/0006-row-aliases.ts';
import * as tokenKeyOut from './migrations/0007-token-key-out.ts';
import * as mutationOwner from './migrations/0008-mutation-owner.ts';
import * as readerScope from './migrations/0009-reader-scope.ts';
import * as patronAccess from './migrations/0010-patron-access.ts';
import * as samlPlatforms from './migrations/0011-saml-platforms.ts';

/** Append-only: a new step gets the next number; a shipped step is never edited. */
export const migrations: readonly {
  version: number;
  name: string;
  up: (db: Kysely<unknown>) => Promise<void>;
}[] = [
  { version: 1, name: 'accounts', up: accounts.up },
  { version: 2, name: 'sync-log', up: syncLog.up },
  { version: 3, name: 'import-batches', up: importBatches.up },
  { version: 4, name: 'patron-cards', up: patronCards.up },
  { version: 5, name: 'field-authors', up: fieldAuthors.up },
  { version: 6, name: 'row-aliases', up: rowAliases.up },
  { version: 7, name: 'token-key-out', up: tokenKeyOut.up },
  { version: 8, name: 'mutation-owner', up: mutationOwner.up },
  { version: 9, name: 'reader-scope', up: readerScope.up },
  { version: 10, name: 'patron-access', up: patronAccess.up },
  { version: 11, name: 'saml-platforms', up: samlPlatforms.up },
];

export const latestVersion = migrations[migrations.length - 1]?.version ?? 0;

export class DatabaseNewerError extends Error {}

/**
 * Runs the missing steps, each in its own transaction with its bookkeeping row, so a crash leaves the
 * database at a step boundary. An advisory lock keeps two servers starting on one PostgreSQL from racing.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
export async function migrate(db: Kysely<any>, upTo = latestVersion): Promise<number> {
  await sql`
    CREATE TABLE IF NOT EXISTS central_migration (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL
    )`.execute(db);
  for (const step of migrations) {
    if (step.version > upTo) break;
    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(61706)`.execute(trx);
      const done = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM central_migration WHERE version = ${step.version}`.execute(trx);
      if ((done.rows[0]?.n ?? 0) > 0) return;
      await step.up(trx as unknown as Kysely<unknown>); // a step sees only raw SQL, no typed schema
      await sql`
        INSERT INTO central_migration (version, name, applied_at)
        VALUES (${step.version}, ${step.name}, now())`.execute(trx);
    });
  }
  const current = await currentVersion(db);
  if (current > latestVersion)
    throw new DatabaseNewerError(
      `La base du serveur central est en version ${current}, plus récente que ce programme (${latestVersion}) : mettez le serveur à jour.`,
    );
  return current;
}

// biome-ignore lint/suspicious/noExplicitAny: read before and after the typed schema exists.
export async function currentVersion(db: Kysely<any>): Promise<number> {
  const result = await sql<{
    v: number | null;
  }>`SELECT max(version)::int AS v FROM central_migration`.execute(db);
  return result.rows[0]?.v ?? 0;
}
