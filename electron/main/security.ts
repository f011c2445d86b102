import { app, session } from 'electron';

/**
 * What no window may ever do, whatever a page tries: navigate away, open windows, embed webviews or
 * obtain a permission (camera, notifications, geolocation…). In-app routes are hash changes, which
 * are not navigations.
 */
export function lockDownWebContents() {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
