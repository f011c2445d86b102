import { centralApi } from '../../../electron/services/sync/central-api.ts';
import { httpTransport } from '../../../electron/services/sync/transport.ts';

/** The server's current rows (tombstones left out), keyed "table/id", read by pulling its whole log. */
export async function serverRows(url: string, email: string, password: string) {
  const { session } = await centralApi(httpTransport(url)).login(email, password);
  const api = centralApi(httpTransport(url), {
    accessToken: async () => session.accessToken,
    renew: async () => undefined,
  });
  const rows = new Map<string, Record<string, unknown>>();
  let cursor = 0;
  for (;;) {
    const page = await api.pull(cursor, 1000);
    for (const change of page.changes) {
      const key = `${change.table}/${change.rowId}`;
      if (change.deleted || !change.row) rows.delete(key);
      else rows.set(key, change.row);
    }
    cursor = page.cursor;
    if (!page.hasMore || page.changes.length === 0) return rows;
  }
}
