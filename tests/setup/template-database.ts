import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { pgliteTemplate } from '../helpers/pglite-template-files.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where helpers/seeded-database.ts keeps the run's migrated and seeded database. */
    templateDatabaseDir: string;
  }
}

const made = Symbol.for('mednum.templateDatabaseDir');
type Holder = { [made]?: string };

/**
 * A folder for the run's template databases (vitest globalSetup), removed when the run's process ends. The
 * first file that needs the app's makes it (helpers/seeded-database.ts). The central one, migrated PGlite, is
 * made from the start by a process of its own (setup/pglite-template-maker.ts, bundled by
 * setup/worker-bundles.ts, which runs first): its 4–8 s of CPU are paid once, while the workers load, and
 * the files that need it wait for it (helpers/pglite-template.ts). Each project of the run calls this setup
 * and gets the same folder: the `timed` project, which runs after `parallel`, made its templates again in a
 * folder of its own.
 */
export default function templateDatabaseDir(project: TestProject) {
  const holder = globalThis as Holder;
  if (!holder[made]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-template-'));
    const maker = makePgliteTemplate(dir);
    process.once('exit', () => {
      maker.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    holder[made] = dir;
  }
  project.provide('templateDatabaseDir', holder[made]);
}

function makePgliteTemplate(dir: string): ChildProcess {
  const bundles = process.env.MEDNUM_WORKER_BUNDLES;
  if (!bundles)
    throw new Error('setup/worker-bundles.ts doit précéder setup/template-database.ts (vitest.config.ts).');
  const log = fs.openSync(path.join(dir, 'central-pglite.log'), 'w');
  const child = spawn(process.execPath, [path.join(bundles, 'pglite-template.js'), dir], {
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  // A crash the maker could not report itself (its bundle not loading, say): the waiting files say so.
  child.on('exit', (code) => {
    const { failure } = pgliteTemplate(dir);
    if (code && !fs.existsSync(failure))
      fs.writeFileSync(
        failure,
        fs.readFileSync(path.join(dir, 'central-pglite.log'), 'utf8') || `code ${code}`,
      );
  });
  // The run does not wait for it: a run whose files need no central ends without it.
  child.unref();
  return child;
}
