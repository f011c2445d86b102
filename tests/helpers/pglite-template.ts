import fs from 'node:fs';
import path from 'node:path';
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
