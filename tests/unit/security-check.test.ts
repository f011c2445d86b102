import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../electron/main/web-preferences.ts';
import { contentSecurityPolicy } from '../../electron/services/static-files.ts';
import { repoRoot } from '../helpers/temp.ts';
import {
  checkCsp,
  checkPackaging,
  checkPreload,
  checkRepository,
  checkShellSources,
  checkWebPreferences,
  requiredFuses,
} from '../security/security-check.ts';

const shellDir = path.join(repoRoot, 'electron', 'main');
const shellSources = () =>
  Object.fromEntries(
    fs
      .readdirSync(shellDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [f, fs.readFileSync(path.join(shellDir, f), 'utf8')]),
  );
const preload = () => fs.readFileSync(path.join(repoRoot, 'electron', 'preload', 'preload.ts'), 'utf8');

describe('the static security check on the app as it is', () => {
  it('finds nothing to report in the window options, the CSP, the preload and the shell', async () => {
    expect(await checkRepository(repoRoot)).toEqual([]);
  });
});

describe('the static security check fails when something regresses', () => {
  const prefs = secureWebPreferences('/app/dist/electron/preload.cjs') as Record<string, unknown>;

  it.each([
    ['contextIsolation', false],
    ['sandbox', false],
    ['nodeIntegration', true],
    ['nodeIntegrationInWorker', true],
    ['nodeIntegrationInSubFrames', true],
    ['webSecurity', false],
    ['allowRunningInsecureContent', true],
    ['webviewTag', true],
    ['experimentalFeatures', true],
  ])('a window option: %s = %s', (key, value) => {
    const problems = checkWebPreferences({ ...prefs, [key]: value });
    expect(problems).toEqual([expect.stringContaining(`webPreferences.${key} must be`)]);
  });

  it('a window option removed (sandbox left to its default) or a Blink feature switched on', () => {
    const { sandbox: _, ...withoutSandbox } = prefs;
    expect(checkWebPreferences(withoutSandbox)).toEqual([expect.stringContaining('sandbox')]);
    expect(checkWebPreferences({ ...prefs, enableBlinkFeatures: 'CSSVariables' })).toEqual([
      expect.stringContaining('enableBlinkFeatures'),
    ]);
  });

  it('a CSP with unsafe-eval', () => {
    const regressed = contentSecurityPolicy.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'");
    expect(checkCsp(regressed)).toEqual(["CSP: script-src allows 'unsafe-eval'"]);
  });

  it('a CSP with inline scripts, a remote script origin, a wildcard or no default-src', () => {
    expect(
      checkCsp(contentSecurityPolicy.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")),
    ).toEqual(["CSP: script-src allows 'unsafe-inline'"]);
    expect(
      checkCsp(contentSecurityPolicy.replace("script-src 'self'", "script-src 'self' https://cdn.example")),
    ).toContain('CSP: script-src allows https://cdn.example');
    expect(checkCsp(contentSecurityPolicy.replace("default-src 'self'", 'default-src *'))).toContain(
      "CSP: default-src must be 'self' or 'none', not *",
    );
    expect(checkCsp(contentSecurityPolicy.replace("default-src 'self'; ", ''))).toContain(
      'CSP: default-src is missing',
    );
    expect(checkCsp(contentSecurityPolicy.replace("object-src 'none'", "object-src 'self'"))).toContain(
      "CSP: object-src must be 'none'",
    );
  });

  it('a preload exposing more than invoke', () => {
    expect(checkPreload(preload())).toEqual([]);
    const more = preload().replace('{ invoke } satisfies Bridge', '{ invoke, ipcRenderer } satisfies Bridge');
    expect(checkPreload(more)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('must expose exactly { invoke }'),
        'preload: exposes ipcRenderer itself',
      ]),
    );
    const send = `${preload()}\nipcRenderer.send('x');`;
    expect(checkPreload(send)).toEqual(['preload: uses ipcRenderer.send']);
    const twice = `${preload()}\ncontextBridge.exposeInMainWorld('fs', { readFile });`;
    expect(checkPreload(twice)).toContain('preload: exposeInMainWorld must be called once (found 2)');
    const node = preload().replace(
      'import { contextBridge',
      "import fs from 'node:fs';\nimport { contextBridge",
    );
    expect(checkPreload(node)).toEqual(['preload: imports node:fs']);
  });

  it('a window created with hand-written options, a navigation allowed, a permission granted, openExternal unguarded', () => {
    const sources = shellSources();
    expect(checkShellSources(sources)).toEqual([]);
    const window = (sources['window.ts'] ?? '').replace(
      /webPreferences: secureWebPreferences\([^\n]*\),/,
      'webPreferences: { nodeIntegration: true },',
    );
    expect(checkShellSources({ ...sources, 'window.ts': window })).toEqual(
      expect.arrayContaining(['window.ts: a BrowserWindow without secureWebPreferences()']),
    );
    const security = sources['security.ts'] ?? '';
    expect(
      checkShellSources({
        ...sources,
        'security.ts': security.replace('callback(false))', 'callback(true))'),
      }),
    ).toEqual(['security.ts: permission requests must be denied']);
    expect(
      checkShellSources({
        ...sources,
        'security.ts': security.replace("return { action: 'deny' }", "return { action: 'allow' }"),
      }),
    ).toEqual(expect.arrayContaining(['security.ts: window.open must be denied']));
    expect(checkShellSources({ ...sources, 'menu.ts': 'shell.openExternal(url);' })).toEqual([
      'menu.ts: shell.openExternal outside the allow-listed openExternally()',
    ]);
  });
});

describe('the packaging check fails when a fuse or a signature setting regresses', () => {
  const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): Record<string, unknown> };
  const config = yaml.load(fs.readFileSync(path.join(repoRoot, 'build', 'electron-builder.yml'), 'utf8'));

  it('passes as configured', () => {
    expect(checkPackaging(config)).toEqual([]);
  });

  it.each(Object.entries(requiredFuses))('a fuse flipped back: %s', (fuse, wanted) => {
    const fuses = { ...(config.electronFuses as object), [fuse]: !wanted };
    expect(checkPackaging({ ...config, electronFuses: fuses })).toEqual([
      `electron-builder.yml: electronFuses.${fuse} must be ${wanted}`,
    ]);
  });

  it.each(Object.keys(requiredFuses))('a fuse removed (left to Electron’s default): %s', (fuse) => {
    const { [fuse]: _removed, ...fuses } = config.electronFuses as Record<string, unknown>;
    expect(checkPackaging({ ...config, electronFuses: fuses })).toHaveLength(1);
  });

  it('unsigned Windows builds, unchecked updates, updates over http', () => {
    const win = config.win as Record<string, unknown>;
    const { verifyUpdateCodeSignature: _removed, ...winByDefault } = win;
    expect(checkPackaging({ ...config, win: { ...win, forceCodeSigning: false } })).toHaveLength(1);
    expect(checkPackaging({ ...config, win: { ...win, verifyUpdateCodeSignature: false } })).toHaveLength(1);
    expect(checkPackaging({ ...config, win: winByDefault })).toHaveLength(1);
    expect(checkPackaging({ ...config, win: { ...win, signtoolOptions: {} } })).toHaveLength(1);
    expect(
      checkPackaging({ ...config, publish: { provider: 'generic', url: 'http://maj.lot.fr' } }),
    ).toHaveLength(1);
  });
});
