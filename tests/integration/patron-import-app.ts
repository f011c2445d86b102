import fs from 'node:fs';
import path from 'node:path';
import { beforeAll } from 'vitest';
import type { AppContext } from '../../electron/services/context.ts';
import type { Api } from '../../shared/api.ts';
import { openTestApp } from '../helpers/app.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

export const fixture = (name: string) =>
  fs.readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'import', name));

/**
 * The app the patron import tests drive, opened on a fresh file before the calling file's tests, with
 * three libraries of three ILS: A (other), B (Koha), C (PMB). Everything it returns may be taken at the
 * top of the file; it reaches the app only when called, once `beforeAll` has opened it.
 */
export function patronImportApp(databaseName: string) {
  const dir = tempDir();
  let opened: { api: Api; context: AppContext } | undefined;
  const app = () => {
    if (!opened) throw new Error('the app is not open yet (beforeAll)');
    return opened;
  };
  const library = { A: '', B: '', C: '' };

  beforeAll(async () => {
    opened = await openTestApp(dir, databaseName);
    for (const [key, name, commune, ils] of [
      ['A', 'Médiathèque A', '46102', 'other'],
      ['B', 'Médiathèque B', '46042', 'koha'],
      ['C', 'Bibliothèque C', '46127', 'pmb'],
    ] as const)
      library[key] = (await opened.api.call('library.add', { name, commune, ils, code: `BIB-${key}` })).id;
  });

  const api: Api = { call: (method, input) => app().api.call(method, input) };
  const sqlite = () => app().context.database.sqlite;

  async function importFile(
    libraryId: string,
    fileName: string,
    bytes: Buffer,
    mode: 'incremental' | 'full' = 'incremental',
  ) {
    const session = await api.call('import.open', {
      libraryId,
      fileName,
      content: bytes.toString('base64'),
      mode,
    });
    const { batchId, counts } = await api.call('import.commit', { sessionId: session.sessionId });
    return { session, batchId, counts };
  }

  const patrons = (libraryId: string) =>
    sqlite()
      .prepare(
        'SELECT card_number, last_name, first_name, email, registered FROM patron WHERE library_id = ? ORDER BY card_number',
      )
      .all(libraryId) as {
      card_number: string;
      last_name: string;
      first_name: string;
      email: string | null;
      registered: number;
    }[];

  return { api, sqlite, library, importFile, patrons };
}
