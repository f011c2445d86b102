import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { startCentral } from '../../central/app.ts';

/**
 * Fills the empty PGlite folder `dataDir` with a copy of a central database already created and migrated.
 * Creating one (PGlite's initdb in WebAssembly, then the migrations) took 10–30 s on a loaded 2-core
 * machine, against 0.4 s for the copy and 4 s for a start on it; the central tests start dozens. The
 * template is made once per run, by the first file that needs it, in the folder setup/template-database.ts
 * gives. Its key files stay behind (they live beside the folder): each server makes its own. Outside a
 * vitest run (a benchmark) the folder is left empty and the server creates its database itself. The
 * migrations keep tests of their own on empty stores (tests/central/migrations.test.ts).
 */
export async function placeMigratedPgliteDir(dataDir: string): Promise<void> {
  if (!process.env.VITEST) return;
  const dir = inject('templateDatabaseDir');
  if (!dir) return;
  fs.cpSync(await templateDir(dir), dataDir, { recursive: true });
}

let template: Promise<string> | undefined;
let dump: Promise<Blob> | undefined;

function templateDir(dir: string): Promise<string> {
  template ??= (async () => {
    const made = path.join(dir, 'central-pglite');
    if (fs.existsSync(made)) return made;
    // Files running at once may each make one; the first rename publishes it, the others drop theirs.
    const own = `${made}.${process.pid}`;
    const server = await startCentral({ dataDir: own });
    await server.close();
    try {
      fs.renameSync(own, made);
    } catch (error) {
      if (!fs.existsSync(made)) throw error;
      fs.rmSync(own, { recursive: true, force: true });
    }
    return made;
  })();
  return template;
}

/**
 * A dump of the folder above, for a server in memory (`memoryDump`): loading it costs about 1.5 s where
 * initdb in WebAssembly cost 6–12 s, in each of the twenty-odd files that start a central in memory. Made
 * once per run like the folder, then read once per worker. Undefined outside a vitest run: the server then
 * creates its database itself.
 */
export async function migratedPgliteDump(): Promise<Blob | undefined> {
  if (!process.env.VITEST) return undefined;
  const dir = inject('templateDatabaseDir');
  if (!dir) return undefined;
  dump ??= (async () => {
    const made = path.join(dir, 'central-pglite.tar');
    if (!fs.existsSync(made)) {
      // Read from a copy of the folder template, so that the run pays initdb once for both.
      const own = `${made}.${process.pid}`;
      fs.cpSync(await templateDir(dir), own, { recursive: true });
      const pglite = new PGlite(own);
      const tar = await pglite.dumpDataDir('none');
      await pglite.close();
      fs.rmSync(own, { recursive: true, force: true });
      // Files running at once may each make one: each writes its own, the last rename wins, all alike.
      fs.writeFileSync(own, Buffer.from(await tar.arrayBuffer()));
      fs.renameSync(own, made);
    }
    return new Blob([fs.readFileSync(made)]);
  })();
  return dump;
}
