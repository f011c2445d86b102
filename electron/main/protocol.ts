import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { contentSecurityPolicy, contentTypeFor, resolveStaticFile } from '../services/static-files.ts';
import { appOrigin } from './sender.ts';

const appScheme = 'app';
const appHost = new URL(appOrigin).host;

/** Must run before `ready`: app:// behaves like https (secure context, fetch), not like file://. */
export function registerAppScheme() {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from `root` only, with the CSP on every response. */
export function serveRenderer(root: string) {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const file = url.host === appHost ? resolveStaticFile(root, url.pathname) : null;
    if (!file) return new Response('Introuvable.', { status: 404 });
    return new Response(await fs.readFile(file), {
      headers: { 'content-type': contentTypeFor(file), 'content-security-policy': contentSecurityPolicy },
    });
  });
}
