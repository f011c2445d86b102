import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workerBundles } from '../../build/bundle-options.js';
import { repoRoot } from '../helpers/temp.ts';

/**
 * `npm run dist` needs the internet (Electron, NSIS), so it does not run here; this reads the packaging
 * configuration instead and checks it is complete and consistent with what the build produces.
 * The YAML is parsed with js-yaml, the parser electron-builder itself uses (its dependency).
 */
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const config = yaml.load(
  fs.readFileSync(path.join(repoRoot, 'build', 'electron-builder.yml'), 'utf8'),
) as Record<
  string,
  // biome-ignore lint/suspicious/noExplicitAny: a YAML document, checked field by field below.
  any
>;
const packageJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const bundler = fs.readFileSync(path.join(repoRoot, 'build', 'bundle-electron.js'), 'utf8');

/** A glob of `files` matching a path (enough of minimatch for these patterns). */
function matches(glob: string, file: string): boolean {
  const pattern = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\/?/g, '§')
    .replace(/\*/g, '[^/]*')
    .replace(/§/g, '.*');
  return new RegExp(`^${pattern}$`).test(file);
}
/** electron-builder's own placeholders, written as it reads them. */
const placeholder = (name: string) => `\${${name}}`;
const included = (file: string) => {
  const globs = config.files as string[];
  return (
    globs.some((g) => !g.startsWith('!') && matches(g, file)) &&
    !globs.some((g) => g.startsWith('!') && matches(g.slice(1), file))
  );
};

describe('the packaging configuration (build/electron-builder.yml)', () => {
  it('passes electron-builder’s own schema validation (offline), which refuses a misspelt key', async () => {
    const require = createRequire(import.meta.url);
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = require('builder-util');
    const loaded = await getConfig(repoRoot, path.join(repoRoot, 'build', 'electron-builder.yml'), null);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    const misspelt = { ...loaded, nsis: { ...loaded.nsis, perMachin: false } };
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(
      /Invalid configuration/,
    );
  });

  it('has a stable appId and the product name of package.json', () => {
    expect(config.appId).toBe('fr.lot.bdl.mednum-admin');
    expect(config.productName).toBe(packageJson.productName);
  });

  it('installs per user on Windows, without administrator rights or elevation', () => {
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false });
    expect(config.win.requestedExecutionLevel).toBe('asInvoker');
    expect(config.win.target).toEqual([expect.objectContaining({ target: 'nsis' })]);
  });

  it('names every artifact with its version, and builds AppImage and deb for Linux', () => {
    expect(config.artifactName).toContain(placeholder('version'));
    expect(config.nsis.artifactName).toContain(placeholder('version'));
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux.maintainer).toBeTruthy();
  });

  it('rebuilds better-sqlite3 for Electron and keeps native modules out of the asar archive', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(false);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/better-sqlite3/**', '**/*.node']),
    );
    expect(packageJson.dependencies['better-sqlite3']).toBeTruthy();
    expect(packageJson.devDependencies.electron).toBeTruthy();
  });

  it('ships every bundle build/bundle-electron.js writes, the renderer, and no source map or benchmark', () => {
    const bundles = [
      ...[...bundler.matchAll(/outfile: '(dist\/electron\/[^']+)'/g)].map((m) => m[1] as string),
      ...workerBundles.map((worker) => `dist/electron/${worker.file}`),
    ];
    expect(bundles).toEqual(
      expect.arrayContaining([
        'dist/electron/main.js',
        'dist/electron/cli.js',
        'dist/electron/core.js',
        'dist/electron/import-worker.js',
        'dist/electron/snapshot-worker.js',
        'dist/electron/preload.cjs',
      ]),
    );
    for (const bundle of bundles) expect(included(bundle), bundle).toBe(true);
    expect(included('dist/renderer/index.html')).toBe(true);
    expect(included('dist/renderer/assets/index-abc123.js')).toBe(true);
    expect(included('dist/electron/main.js.map')).toBe(false);
    expect(included('dist/bench/import-bench.js')).toBe(false);
    expect(included('package.json')).toBe(true);
    expect(packageJson.main).toBe('dist/electron/main.js');
  });

  it('publishes to a generic HTTPS server whose URL is set at build time', () => {
    expect(config.publish).toMatchObject({ provider: 'generic', url: placeholder('env.MEDNUM_UPDATE_URL') });
    expect(packageJson.dependencies['electron-updater']).toBeTruthy();
    const updates = fs.readFileSync(path.join(repoRoot, 'electron', 'main', 'updates.ts'), 'utf8');
    expect(updates).toMatch(/autoUpdater\.logger = logger/);
    expect(updates).toMatch(/autoDownload = false/);
  });
});
