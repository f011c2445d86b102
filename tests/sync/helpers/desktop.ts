import path from 'node:path';
import { afterAll } from 'vitest';
import { type AppContext, openAppContext } from '../../../electron/services/context.ts';
import { openGate } from '../../../electron/services/dispatch.ts';
import { localInvoke } from '../../../electron/services/gate.ts';
import type { SecretStore } from '../../../electron/services/sync/secret-store.ts';
import { httpTransport, type Transport } from '../../../electron/services/sync/transport.ts';
import { type Api, createApi } from '../../../shared/api.ts';
import { placeSeededDatabase } from '../../helpers/seeded-database.ts';

export function memorySecrets(): SecretStore {
  const values = new Map<string, string>();
  return {
    get: async (key) => values.get(key),
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
  };
}

export interface Desktop {
  name: string;
  context: AppContext;
  api: Api;
}

/** A desktop: its own SQLite file, its own staff name, requests through `transport` (real HTTP by default). */
export async function openDesktop(
  dir: string,
  name: string,
  options: {
    transport?: (url: string) => Transport;
    now?: () => Date;
    everyMs?: number;
    retryDelaysMs?: number[];
  } = {},
): Promise<Desktop> {
  const databasePath = path.join(dir, `${name}.sqlite`);
  await placeSeededDatabase(databasePath);
  const context = await openAppContext({
    databasePath,
    version: 'test',
    now: options.now,
    sync: {
      secrets: memorySecrets(),
      transport: options.transport ?? ((url) => httpTransport(url)),
      retryDelaysMs: options.retryDelaysMs ?? [5, 20, 50, 100, 200],
      everyMs: options.everyMs,
    },
  });
  afterAll(() => context.close());
  const api = createApi(localInvoke(openGate(context)));
  await api.call('settings.update', { staffName: name });
  return { name, context, api };
}
