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

/**
 * A folder for the run's template database (vitest globalSetup), removed when the run ends. The first file
 * that needs the template makes it (helpers/seeded-database.ts): a run without such a file pays nothing.
 */
export default function templateDatabaseDir(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-template-'));
  project.provide('templateDatabaseDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
