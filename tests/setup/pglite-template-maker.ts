import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { startCentral } from '../../central/app.ts';
import { pgliteTemplate } from '../helpers/pglite-template-files.ts';

/**
 * Makes the run's migrated central database, in a process of its own that setup/template-database.ts
 * starts at the beginning of the run (bundled by setup/worker-bundles.ts): a PGlite folder, then a dump
 * of it for servers in memory. Each is published by a rename, so a reader sees it whole or not at all.
 * A failure is written beside them, for the tests waiting on them to report.
 */
async function make(dir: string): Promise<void> {
  const files = pgliteTemplate(dir);
  const own = `${files.folder}.making`;
  const server = await startCentral({ dataDir: own });
  await server.close();
  fs.renameSync(own, files.folder);

  // Read from a copy: opening the published folder would change it while test files copy it.
  const copy = `${files.dump}.folder`;
  fs.cpSync(files.folder, copy, { recursive: true });
  const pglite = new PGlite(copy);
  const tar = await pglite.dumpDataDir('none');
  await pglite.close();
  fs.rmSync(copy, { recursive: true, force: true });
  fs.writeFileSync(`${files.dump}.making`, Buffer.from(await tar.arrayBuffer()));
  fs.renameSync(`${files.dump}.making`, files.dump);
}

const dir = path.resolve(process.argv[2] ?? '');
make(dir).catch((error: unknown) => {
  fs.writeFileSync(
    pgliteTemplate(dir).failure,
    error instanceof Error ? (error.stack ?? error.message) : String(error),
  );
  process.exitCode = 1;
});
