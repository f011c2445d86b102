import { ipcMain } from 'electron';
import { ipcChannel } from '../../shared/api.ts';
import type { Gate } from '../services/gate.ts';
import { isTrustedSender } from './sender.ts';

/** The IPC door: sender first, then the same gate (method name + zod input, one error sink) as every door. */
export function registerIpc(gate: Gate) {
  ipcMain.handle(ipcChannel, (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Appel refusé : origine non autorisée.' } };
    }
    return gate(method, input);
  });
}
