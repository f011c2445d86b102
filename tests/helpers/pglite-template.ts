import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { pgliteTemplate } from './pglite-template-files.ts';

/**
 * Fills the empty PGlite folder `dataDir` with a copy of a central database already created and migrated.
 * Creating one (PGlite's initdb in WebAssembly, then the migrations) took 4–8 s of CPU, against 0.2 s for
 * the copy; the central tests start dozens. The run makes it once, in a process of its own started with
 * the run (setup/template-database.ts): files running at once each made their own before, three at a time
 * at the start of a run. Its key files stay behind (they live beside the folder): each server makes its
 * own. Outside a vitest run (a benchmark) the folder is left empty and the server creates its database
 * itself. The migrations keep tests of their own on empty stores (tests/central/migrations.test.ts).
 */
export async function placeMigratedPgliteDir(dataDir: string): Promise<void> {
  const dir = templateDir();
  if (!dir) return;
  fs.cpSync(await made(dir, 'folder'), dataDir, { recursive: true });
}

/**
 * The same database dumped, for a server in memory (`memoryDump`): loading it costs about 1 s where
 * initdb in WebAssembly cost 6–12 s, in each of the twenty-odd files that start a central in memory. Read
 * once per worker. Undefined outside a vitest run: the server then creates its database itself.
 */
export async function migratedPgliteDump(): Promise<Blob | undefined> {
  const dir = templateDir();
  if (!dir) return undefined;
  dump ??= made(dir, 'dump').then((file) => new Blob([fs.readFileSync(file)]));
  return dump;
}

let dump: Promise<Blob> | undefined;

const templateDir = () => (process.env.VITEST ? inject('templateDatabaseDir') : undefined);

/** Waits for the maker to publish `kind` (a rename: it is there whole or not at all). */
async function made(dir: string, kind: 'folder' | 'dump'): Promise<string> {
  const files = pgliteTemplate(dir);
  for (let waited = 0; waited < 180_000; waited += 50) {
    if (fs.existsSync(files[kind])) return files[kind];
    if (fs.existsSync(files.failure))
      throw new Error(
        `Le modèle de base centrale n’a pas pu être créé :\n${fs.readFileSync(files.failure, 'utf8')}`,
      );
    await sleep(50);
  }
  throw new Error(`Le modèle de base centrale n’est pas prêt après 3 minutes (${files[kind]}).`);
}
