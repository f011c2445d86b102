import type { Kysely } from 'kysely';
import type { SigningKeys } from './auth/signing-keys.ts';
import type { Backend } from './store/database.ts';
import type { CentralDatabase } from './store/schema.ts';

/** What every route needs: the database, the clock (injectable for tests) and the token-signing keys. */
export interface CentralContext {
  db: Kysely<CentralDatabase>;
  backend: Backend;
  now: () => Date;
  keys: SigningKeys;
  limits: CentralLimits;
  /** Whether the database answers (store/database.ts), and the schema version it was migrated to. */
  probe(): Promise<void>;
  migration: number;
}

/**
 * What one client may hold of the service, so that a slow or hostile one cannot stall the others
 * (PROTOCOL.md, « Limites »). Tests shorten the times.
 */
export interface CentralLimits {
  /** A snapshot download ends after this long, however it goes. */
  snapshotTotalMs: number;
  /** …or when the client read fewer than `snapshotMinBytes` in any window of `snapshotWindowMs`. */
  snapshotWindowMs: number;
  snapshotMinBytes: number;
  /** Snapshots one account may download at once. */
  snapshotsPerUser: number;
  /** Live channels (`/sync/events`) one account may hold open at once: one per PC it is signed in on. */
  eventStreamsPerUser: number;
  /** A chunk unpacks to at most this many bytes (a zip bomb stops here). */
  chunkBytes: number;
  /** Chunks uploaded but never committed are removed after this long. */
  chunkTtlMs: number;
  /** Sign-in records (auth_audit: e-mails, addresses) are deleted after this many days. */
  authAuditDays: number;
}

export const defaultLimits: CentralLimits = {
  snapshotTotalMs: 30 * 60_000,
  snapshotWindowMs: 30_000,
  snapshotMinBytes: 64 * 1024,
  snapshotsPerUser: 2,
  eventStreamsPerUser: 30,
  chunkBytes: 32 * 1024 * 1024,
  chunkTtlMs: 24 * 60 * 60_000,
  authAuditDays: 400,
};
