import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './temp.ts';

/** The TypeScript sources under a top-level folder, as repository-relative paths with forward slashes. */
export function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(repoRoot, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) =>
      path.relative(repoRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    );
}
