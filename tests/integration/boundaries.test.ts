import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/temp.ts';

// node_modules is linked in, not copied: --preserve-symlinks keeps its paths inside the tree.
const depcruise = path.join(repoRoot, 'node_modules', '.bin', 'depcruise');

/**
 * Runs the project's own boundary rules on a small tree laid out like the project, holding one file
 * that breaks (or keeps) a rule, and returns what depcruise said.
 */
function cruise(files: Record<string, string>) {
  const root = tempDir('mednum-boundaries-');
  fs.copyFileSync(path.join(repoRoot, '.dependency-cruiser.cjs'), path.join(root, '.dependency-cruiser.cjs'));
  fs.copyFileSync(path.join(repoRoot, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  for (const [name, source] of Object.entries({ 'shared/api.ts': 'export const x = 1;\n', ...files })) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), source);
  }
  const folders = ['shared', 'db', 'electron', 'renderer', 'central'].filter((f) =>
    fs.existsSync(path.join(root, f)),
  );
  const result = spawnSync(
    depcruise,
    ['--config', '.dependency-cruiser.cjs', '--preserve-symlinks', ...folders],
    { cwd: root, encoding: 'utf8' },
  );
  return { code: result.status, output: result.stdout + result.stderr };
}

describe('the import-boundary check (npm run boundaries)', () => {
  it('fails when a renderer file imports better-sqlite3', () => {
    const { code, output } = cruise({
      'renderer/bad.ts': "import Database from 'better-sqlite3';\nexport const db = Database;\n",
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(
      /renderer-talks-only-to-the-contract: renderer\/bad\.ts → node_modules\/better-sqlite3/,
    );
  });

  it('fails when the renderer reaches into db/ or Node built-ins', () => {
    const { code, output } = cruise({
      'db/open.ts': 'export const open = 1;\n',
      'renderer/bad.ts':
        "import fs from 'node:fs';\nimport { open } from '../db/open.ts';\nexport const x = [fs, open];\n",
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/renderer-no-node-builtins/);
    expect(output).toMatch(/renderer-talks-only-to-the-contract: renderer\/bad\.ts → db\/open\.ts/);
  });

  it('fails when an application service imports electron, or shared/ imports Node', () => {
    const { code, output } = cruise({
      'electron/services/bad.ts': "import { app } from 'electron';\nexport const a = app;\n",
      'shared/bad.ts': "import os from 'node:os';\nexport const o = os;\n",
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/services-never-import-electron/);
    expect(output).toMatch(/shared-is-isomorphic: shared\/bad\.ts → os/);
  });

  it('passes a renderer that only uses the contract', () => {
    const { code, output } = cruise({
      'renderer/good.ts': "import { x } from '../shared/api.ts';\nexport const y = x;\n",
    });
    expect(output).toMatch(/no dependency violations found/);
    expect(code).toBe(0);
  });
});
