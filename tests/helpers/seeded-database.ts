import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { inject } from 'vitest';
import { openAppContext } from '../../electron/services/context.ts';

/**
 * Puts a new app database at `databasePath` (unless a file is there already), as the app leaves a fresh one:
 * migrated, then seeded with the département's reference geography (some 3,000 rows). Doing that took
 * 0.3–1 s, paid by hundreds of tests that are about something else; they get a copy of one such file
 * instead, made once per run by opening the app exactly as they would. The migrations and the seeding keep
 * tests of their own on files made from scratch (tests/integration/migrations/, reference-data.test.ts).
 */
export async function placeSeededDatabase(databasePath: string): Promise<void> {
  // Without the run's folder (a config without setup/template-database.ts), the app makes the file itself.
  const dir = inject('templateDatabaseDir');
  if (!dir || fs.existsSync(databasePath)) return;
  fs.copyFileSync(await templateFile(dir), databasePath, fs.constants.COPYFILE_EXCL);
}

let template: Promise<string> | undefined;

/** The run's template, made by the first file that needs it. */
function templateFile(dir: string): Promise<string> {
  template ??= (async () => {
    const file = path.join(dir, 'modele.sqlite');
    if (fs.existsSync(file)) return file;
    // Files running at once may each make one: each writes its own, and the rename publishing it is atomic.
    const own = `${file}.${process.pid}`;
    const context = await openAppContext({ databasePath: own, version: 'test' });
    await context.close();
    // A copy takes one file: what the WAL still holds goes into it first.
    const sqlite = new BetterSqlite3(own);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.close();
    fs.renameSync(own, file);
    return file;
  })();
  return template;
}
