import path from 'node:path';
import type { OpenedDatabase } from '../../../db/open.ts';
import type { AppContext } from '../context.ts';
import { userDataDir } from '../paths.ts';
import { createSyncEngine, type SyncEngine } from './engine.ts';
import { openMirror } from './mirror.ts';
import { fileSecretStore } from './secret-store.ts';
import { httpTransport } from './transport.ts';

const engines = new WeakMap<OpenedDatabase, SyncEngine>();

/**
 * The one sync engine of an opened database, shared by the subjects that talk to the central service
 * (sync, patron access): one login, one set of tokens, one « online » flag.
 */
export function syncEngineOf(context: Pick<AppContext, 'database' | 'now' | 'sync' | 'work'>): SyncEngine {
  const existing = engines.get(context.database);
  if (existing) return existing;
  const { db, sqlite } = context.database;
  const engine = createSyncEngine({
    mirror: openMirror(db, sqlite, context.now),
    secrets: context.sync?.secrets ?? fileSecretStore(path.join(userDataDir(), 'secrets')),
    transport: context.sync?.transport ?? ((url) => httpTransport(url)),
    now: context.now,
    retryDelaysMs: context.sync?.retryDelaysMs,
    work: context.work,
  });
  engines.set(context.database, engine);
  return engine;
}
