import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/services/context.ts';
import type { Api } from '../../shared/api.ts';
import { AppError } from '../../shared/errors.ts';
import { openTestApp } from '../helpers/app.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const corpus = path.join(repoRoot, 'tests', 'fixtures', 'import', 'malformed');
const files = fs.readdirSync(corpus).filter((name) => !name.startsWith('.'));
let api: Api;
let context: AppContext;
let libraryId: string;

/** The database file's bytes, once everything the WAL holds is written back into it. */
function databaseHash(): string {
  context.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return createHash('sha256').update(fs.readFileSync(context.database.path)).digest('hex');
}

beforeAll(async () => {
  ({ api, context } = await openTestApp(dir, 'malformed.sqlite'));
  libraryId = (await api.call('library.add', { name: 'Médiathèque', commune: '46102', ils: 'koha' })).id;
});

describe('a corpus of malformed patron files, through the whole import', () => {
  it('holds at least 25 files', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  it.each(files)(
    '%s: a French message or per-row rejections, never a crash; nothing importable leaves the file byte for byte',
    async (name) => {
      const before = databaseHash();
      const content = fs.readFileSync(path.join(corpus, name)).toString('base64');
      let importable = 0;
      try {
        const session = await api.call('import.open', { libraryId, fileName: name, content });
        const { counts } = session;
        importable = counts.created + counts.updated + counts.unchanged;
        if (importable === 0) {
          await expect(api.call('import.commit', { sessionId: session.sessionId })).rejects.toMatchObject({
            code: 'NOTHING_TO_IMPORT',
          });
          await api.call('import.cancel', { sessionId: session.sessionId });
        } else {
          const rejected = await api.call('import.preview', {
            sessionId: session.sessionId,
            outcome: 'rejected',
          });
          for (const row of rejected.rows) expect(row.rejections[0]?.message).toMatch(/[a-zé]/);
          await api.call('import.cancel', { sessionId: session.sessionId });
        }
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('FILE_UNREADABLE');
        expect((error as AppError).message).toMatch(/^[«A-ZÀ-Ý]/);
      }
      expect(databaseHash()).toBe(before);
    },
  );
});
