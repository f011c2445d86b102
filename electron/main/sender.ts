import type { IpcMainInvokeEvent } from 'electron';

export const appOrigin = 'app://mednum';

/**
 * Only our own page, in a window's top frame, may call: not an iframe, not a page that got in
 * somehow. Free of runtime Electron imports so it is tested in plain Node.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  try {
    // WHATWG URL gives custom schemes an opaque origin ("null"), so compare scheme and host ourselves.
    const url = new URL(frame.url);
    return `${url.protocol}//${url.host}` === appOrigin;
  } catch {
    return false;
  }
}
