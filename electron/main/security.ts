import { app, session, shell } from 'electron';
import { isAllowedExternalUrl } from './external-links.ts';

/**
 * What no window may ever do, whatever a page tries: navigate away, open windows, embed webviews or
 * obtain a permission (camera, notifications, geolocation…). In-app routes are hash changes, which
 * are not navigations. A link to an allow-listed https site opens in the user's browser instead.
 */
export function lockDownWebContents() {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      openExternally(url);
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url);
      return { action: 'deny' };
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** The one call of shell.openExternal in the app, behind the allow-list. */
export function openExternally(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
}
