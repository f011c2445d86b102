import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

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
 * first file that needs a template makes it (helpers/seeded-database.ts, helpers/pglite-template.ts): a run
 * without such a file pays nothing. Each project of the run calls this setup and gets the same folder: the
 * `timed` project, which runs after `parallel`, made its templates again in a folder of its own.
 */
export default function templateDatabaseDir(project: TestProject) {
  const holder = globalThis as Holder;
  if (!holder[made]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-template-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    holder[made] = dir;
  }
  project.provide('templateDatabaseDir', holder[made]);
}
