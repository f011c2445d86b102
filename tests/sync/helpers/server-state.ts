import { centralApi } from '../../../electron/services/sync/central-api.ts';
import { httpTransport } from '../../../electron/services/sync/transport.ts';

/**
 * One access token per server and account, kept between calls: the property test reads the server's rows
 * after each of its 200 runs, and a login is an argon2 verification (30 ms of CPU) each time. A token the
 * server no longer takes (a restart with a new store on the same port) is renewed on its 401.
 */
const tokens = new Map<string, Promise<string>>();

/** The server's current rows (tombstones left out), keyed "table/id", read by pulling its whole log. */
export async function serverRows(url: string, email: string, password: string) {
  const key = `${url} ${email}`;
  const login = () => {
    const token = centralApi(httpTransport(url))
      .login(email, password)
      .then(({ session }) => session.accessToken);
    token.catch(() => tokens.delete(key));
    tokens.set(key, token);
    return token;
  };
  const api = centralApi(httpTransport(url), {
    accessToken: () => tokens.get(key) ?? login(),
    renew: async () => {
      await login();
    },
  });
  const rows = new Map<string, Record<string, unknown>>();
  let cursor = 0;
  for (;;) {
    const page = await api.pull(cursor, 1000);
    for (const change of page.changes) {
      const row = `${change.table}/${change.rowId}`;
      if (change.deleted || !change.row) rows.delete(row);
      else rows.set(row, change.row);
    }
    cursor = page.cursor;
    if (!page.hasMore || page.changes.length === 0) return rows;
  }
}
