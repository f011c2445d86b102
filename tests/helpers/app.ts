import path from 'node:path';
import { afterAll } from 'vitest';
import { type AppContext, openAppContext } from '../../electron/services/context.ts';
import { localInvoke } from '../../electron/services/dispatch.ts';
import { createHandlers } from '../../electron/services/handlers.ts';
import { type Api, createApi } from '../../shared/api.ts';

/** The application on a real SQLite file, reached through the same gate as every door. */
export async function openTestApp(
  dir: string,
  name: string,
  staffName = 'Claire Agent',
): Promise<{ context: AppContext; api: Api }> {
  const context = await openAppContext({ databasePath: path.join(dir, name), version: 'test' });
  afterAll(() => context.close());
  const api = createApi(localInvoke(createHandlers(context)));
  if (staffName) await api.call('settings.update', { staffName });
  return { context, api };
}

export const grandFigeac = '200067361';
export const quercyBlanc = '200039519';
