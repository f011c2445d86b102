import { type Bridge, createApi, type Envelope, type Invoke } from '../shared/api.ts';
import { AppError } from '../shared/errors.ts';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the UI is served by the browser host. */
    bridge?: Bridge;
  }
}

/** Browser-host door: same-origin POST, authenticated by the session cookie the host set from its token URL. */
const httpInvoke: Invoke = async (method, input) => {
  try {
    const response = await fetch(`/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mednum-request': '1' },
      credentials: 'same-origin',
      body: JSON.stringify(input),
    });
    return (await response.json()) as Envelope<never>;
  } catch {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: 'Le service local ne répond pas. Relancez l’application.' },
    };
  }
};

export const api = createApi(window.bridge?.invoke ?? httpInvoke);

/**
 * Browser host only: streams a patron export to the host (POST /upload), which keeps it beside the
 * database for `import.open` — nothing base64-encoded in the page. `onSent` follows the bytes; aborting
 * `signal` stops the upload (CANCELLED).
 */
export function uploadFile(
  blob: Blob,
  onSent: (bytes: number) => void,
  signal: AbortSignal,
): Promise<{ fileId: string; size: number }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/upload');
    request.setRequestHeader('x-mednum-request', '1');
    request.responseType = 'json';
    request.upload.onprogress = (event) => onSent(event.loaded);
    request.onload = () => {
      const envelope = request.response as Envelope<{ fileId: string; size: number }> | null;
      if (envelope?.ok) resolve(envelope.value);
      else {
        const error = envelope?.error ?? {
          code: 'INTERNAL' as const,
          message: 'Envoi du fichier impossible.',
        };
        reject(new AppError(error.code, error.message));
      }
    };
    request.onerror = () =>
      reject(new AppError('INTERNAL', 'Le service local ne répond pas. Relancez l’application.'));
    request.onabort = () =>
      reject(new AppError('CANCELLED', 'Envoi du fichier annulé : rien n’a été gardé.'));
    signal.addEventListener('abort', () => request.abort(), { once: true });
    request.send(blob);
  });
}
