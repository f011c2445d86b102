import { type Bridge, createApi, type Envelope, type Invoke } from '../shared/api.ts';

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
