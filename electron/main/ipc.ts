import { ipcMain } from 'electron';
import { ipcChannel } from '../../shared/api.ts';
import type { Handlers } from '../../shared/contract.ts';
import { dispatch } from '../services/dispatch.ts';
import { isTrustedSender } from './sender.ts';

/** The IPC door: sender first, then the same dispatch (method name + zod input) as every door. */
export function registerIpc(handlers: Handlers, onUnexpected: (error: unknown) => void) {
  ipcMain.handle(ipcChannel, (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Appel refusé : origine non autorisée.' } };
    }
    return dispatch(handlers, method, input, onUnexpected);
  });
}
