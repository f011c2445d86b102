import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/temp.ts';

/**
 * `npm run boundaries` (dependency-cruiser, .dependency-cruiser.cjs) keeps the layers apart. Here each
 * rule meets a planted violation in a scratch tree and must name it: the services importing Electron, the
 * shell opening the database, a door loading the services instead of the core's client, the renderer
 * reaching Node.
 */
function cruise(files: Record<string, string>): { code: number | null; rules: string[] } {
  const dir = tempDir('mednum-boundaries-');
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { allowImportingTsExtensions: true, noEmit: true, module: 'nodenext' },
    }),
  );
  for (const [file, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), source);
  }
  const tops = ['db', 'electron', 'renderer'].filter((top) => fs.existsSync(path.join(dir, top)));
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'depcruise');
  const config = path.join(repoRoot, '.dependency-cruiser.cjs');
  // Through a shell: started directly from the test runner, depcruise exits before writing its report.
  const run = spawnSync(`"${bin}" --config "${config}" --output-type json ${tops.join(' ')} 2>&1`, {
    cwd: dir,
    encoding: 'utf8',
    shell: true,
    env: { PATH: process.env.PATH },
  });
  const report = JSON.parse(run.stdout) as { summary: { violations: { rule: { name: string } }[] } };
  return { code: run.status, rules: report.summary.violations.map((v) => v.rule.name).sort() };
}

describe('the layer boundaries fail on a planted violation', () => {
  it('a service importing Electron', () => {
    const { rules } = cruise({
      'electron/services/core.ts': "import { app } from 'electron';\nexport const name = app.getName();\n",
    });
    expect(rules).toContain('services-never-import-electron');
  });

  it('the shell opening the database itself', () => {
    const { rules } = cruise({
      'db/open.ts': 'export const openDatabase = (file: string) => file;\n',
      'electron/main/window.ts':
        "import { openDatabase } from '../../db/open.ts';\nexport const db = openDatabase('x');\n",
    });
    expect(rules).toContain('doors-go-through-services');
  });

  it('a door loading the services in its own process instead of reaching the core through its client', () => {
    const { rules } = cruise({
      'electron/services/context.ts': 'export const openAppContext = (file: string) => file;\n',
      'electron/services/core/client.ts': 'export const startCore = (file: string) => file;\n',
      'electron/host/main.ts':
        "import { openAppContext } from '../services/context.ts';\nimport { startCore } from '../services/core/client.ts';\nexport const x = [openAppContext, startCore];\n",
    });
    expect(rules).toEqual(['doors-reach-the-core-through-its-client']);
  });

  it('the renderer reaching the database or Node', () => {
    const { rules } = cruise({
      'db/open.ts': 'export const openDatabase = (file: string) => file;\n',
      'renderer/screen.ts':
        "import fs from 'node:fs';\nimport { openDatabase } from '../db/open.ts';\nexport const x = [fs, openDatabase];\n",
    });
    expect(rules).toEqual(
      expect.arrayContaining(['renderer-no-node-builtins', 'renderer-talks-only-to-the-contract']),
    );
  });

  it('and nothing on a clean tree', () => {
    const { code, rules } = cruise({ 'electron/services/core.ts': 'export const name = "mednum";\n' });
    expect(rules).toEqual([]);
    expect(code).toBe(0);
  });
});
