import { type IpcMainInvokeEvent, ipcMain } from 'electron';
import { ipcChannel } from '../../shared/api.ts';
import type { Handlers } from '../../shared/contract.ts';
import { dispatch } from '../services/dispatch.ts';
import { appOrigin } from './protocol.ts';

/** Only our own page, in a window's top frame, may call: not an iframe, not a page that got in somehow. */
export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  try {
    return new URL(frame.url).origin === appOrigin;
  } catch {
    return false;
  }
}

export function registerIpc(handlers: Handlers, onUnexpected: (error: unknown) => void) {
  ipcMain.handle(ipcChannel, (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Appel refusé : origine non autorisée.' } };
    }
    return dispatch(handlers, method, input, onUnexpected);
  });
}
