import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The static security check run by `npm test` (tests/unit/security-check.test.ts), also runnable alone:
 * `npx tsx tests/security/security-check.ts`. It reads the very values the shell uses — the window
 * options (electron/main/web-preferences.ts), the CSP (electron/services/static-files.ts), the preload,
 * the shell's sources and the packaging's fuses and signatures — and lists every regression. Each rule is a pure function, so tests feed it
 * regressed inputs and watch it fail.
 */

export type Problem = string;

/** Electron's security checklist, as far as a window's options carry it. */
export function checkWebPreferences(prefs: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const must = (key: string, value: unknown, why: string) => {
    if (prefs[key] !== value) problems.push(`webPreferences.${key} must be ${String(value)}: ${why}`);
  };
  must('contextIsolation', true, 'the page must not reach the preload’s world');
  must('sandbox', true, 'the renderer must run sandboxed');
  must('nodeIntegration', false, 'no Node.js in the page');
  must('nodeIntegrationInWorker', false, 'no Node.js in workers');
  must('nodeIntegrationInSubFrames', false, 'no Node.js in frames');
  must('webSecurity', true, 'same-origin policy on');
  must('allowRunningInsecureContent', false, 'no http content in the app');
  must('experimentalFeatures', false, 'no experimental Blink features');
  must('webviewTag', false, 'no <webview>');
  for (const key of ['enableBlinkFeatures', 'additionalArguments'])
    if (prefs[key] !== undefined) problems.push(`webPreferences.${key} must not be set`);
  if (typeof prefs.preload !== 'string' || !prefs.preload.endsWith('preload.cjs'))
    problems.push('webPreferences.preload must be the bundled preload.cjs');
  return problems;
}

/** Parses "a b; c d" into { a: [b], c: [d] }. */
export function parseCsp(csp: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

/** What a script directive may list: our own origin, nothing, or a nonce or hash. */
const safeScriptSource = /^'(self|none|nonce-[^']+|sha(256|384|512)-[^']+)'$/i;

export function checkCsp(csp: string): Problem[] {
  const problems: Problem[] = [];
  const directives = parseCsp(csp);
  const defaults = directives.get('default-src');
  if (!defaults) problems.push('CSP: default-src is missing');
  else if (defaults.join(' ') !== "'self'" && defaults.join(' ') !== "'none'")
    problems.push(`CSP: default-src must be 'self' or 'none', not ${defaults.join(' ')}`);
  const scripts = directives.get('script-src') ?? directives.get('default-src') ?? [];
  for (const name of ['script-src', 'script-src-elem', 'script-src-attr', 'worker-src'])
    for (const value of directives.get(name) ?? [])
      if (!safeScriptSource.test(value)) problems.push(`CSP: ${name} allows ${value}`);
  if (scripts.length === 0) problems.push('CSP: no script source at all');
  for (const [name, value] of [
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['frame-ancestors', "'none'"],
  ] as const)
    if ((directives.get(name) ?? []).join(' ') !== value) problems.push(`CSP: ${name} must be ${value}`);
  for (const [name, values] of directives)
    if (!name.startsWith('script-src') && values.some((v) => /^(https?:|wss?:|\*)/i.test(v)))
      problems.push(`CSP: ${name} allows a remote origin`);
  return problems;
}

/** The preload exposes one `invoke` and nothing else of ipcRenderer, Node or Electron. */
export function checkPreload(source: string): Problem[] {
  const problems: Problem[] = [];
  const exposed = [...source.matchAll(/exposeInMainWorld\(\s*'([^']+)'\s*,\s*([^)]*?)\)/g)];
  if (exposed.length !== 1)
    problems.push(`preload: exposeInMainWorld must be called once (found ${exposed.length})`);
  const [, name, value] = exposed[0] ?? [];
  if (name !== 'bridge') problems.push('preload: the exposed object must be window.bridge');
  if (value !== undefined && !/^\{\s*invoke\s*\}(\s*satisfies\s+Bridge)?$/.test(value.trim()))
    problems.push(`preload: must expose exactly { invoke }, not ${value.trim()}`);
  const ipcUses = [...source.matchAll(/ipcRenderer\.(\w+)/g)].map((m) => m[1]);
  for (const use of ipcUses) if (use !== 'invoke') problems.push(`preload: uses ipcRenderer.${use}`);
  if (/exposeInMainWorld\([^)]*ipcRenderer\b(?!\.)/.test(source))
    problems.push('preload: exposes ipcRenderer itself');
  const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
  for (const imported of imports)
    if (imported !== 'electron' && !/shared\/api\.ts$/.test(imported ?? ''))
      problems.push(`preload: imports ${imported}`);
  return problems;
}

/** The shell's sources: every window uses the hardened options; navigation, popups and permissions stay shut. */
export function checkShellSources(files: Record<string, string>): Problem[] {
  const problems: Problem[] = [];
  const all = Object.entries(files);
  for (const [file, source] of all) {
    for (const match of source.matchAll(/new BrowserWindow\(\{([\s\S]*?)\n\s*\}\);/g))
      if (!/webPreferences: secureWebPreferences\(/.test(match[1] ?? ''))
        problems.push(`${file}: a BrowserWindow without secureWebPreferences()`);
    if (/webPreferences:\s*\{/.test(source)) problems.push(`${file}: webPreferences written by hand`);
    if (
      /shell\.openExternal\(/.test(source) &&
      !/isAllowedExternalUrl\(url\)\) void shell\.openExternal\(url\)/.test(source)
    )
      problems.push(`${file}: shell.openExternal outside the allow-listed openExternally()`);
    if (/loadURL\(\s*['"`](https?|file):/.test(source))
      problems.push(`${file}: loads a remote or file:// page`);
    if (/action:\s*'allow'/.test(source)) problems.push(`${file}: allows a new window`);
  }
  const security = files['security.ts'] ?? '';
  if (!/'will-navigate', \(event[^)]*\) => \{\s*event\.preventDefault\(\)/.test(security))
    problems.push('security.ts: will-navigate must be prevented');
  if (!/setWindowOpenHandler\([\s\S]*?return \{ action: 'deny' \}/.test(security))
    problems.push('security.ts: window.open must be denied');
  if (!/setPermissionRequestHandler\([^)]*\) => callback\(false\)\)/.test(security))
    problems.push('security.ts: permission requests must be denied');
  if (!/setPermissionCheckHandler\(\(\) => false\)/.test(security))
    problems.push('security.ts: permission checks must answer false');
  if (!/'will-attach-webview', \(event\) => event\.preventDefault\(\)/.test(security))
    problems.push('security.ts: webviews must be refused');
  return problems;
}

/** The fuses and signatures electron-builder must apply (build/electron-builder.yml, parsed). */
export const requiredFuses: Record<string, boolean> = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
  grantFileProtocolExtraPrivileges: false,
};

export function checkPackaging(config: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const fuses = (config.electronFuses ?? {}) as Record<string, unknown>;
  for (const [fuse, wanted] of Object.entries(requiredFuses))
    if (fuses[fuse] !== wanted)
      problems.push(`electron-builder.yml: electronFuses.${fuse} must be ${wanted}`);
  const win = (config.win ?? {}) as Record<string, unknown>;
  if (win.forceCodeSigning !== true) problems.push('electron-builder.yml: win.forceCodeSigning must be true');
  // Written out, not left to electron-builder's default: a default can change with its version.
  if (win.verifyUpdateCodeSignature !== true)
    problems.push('electron-builder.yml: win.verifyUpdateCodeSignature must be true');
  const signer = (win.signtoolOptions ?? {}) as { publisherName?: unknown };
  if (!Array.isArray(signer.publisherName) || signer.publisherName.length === 0)
    problems.push('electron-builder.yml: win.signtoolOptions.publisherName must name the signer of updates');
  const publish = (config.publish ?? {}) as { url?: unknown };
  if (typeof publish.url === 'string' && /^http:/i.test(publish.url))
    problems.push('electron-builder.yml: updates must come over https');
  return problems;
}

/** The whole check on the repository's own files. */
export async function checkRepository(root: string): Promise<Problem[]> {
  const { secureWebPreferences } = await import(path.join(root, 'electron/main/web-preferences.ts'));
  const { contentSecurityPolicy } = await import(path.join(root, 'electron/services/static-files.ts'));
  const shellDir = path.join(root, 'electron', 'main');
  const shell = Object.fromEntries(
    fs
      .readdirSync(shellDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [f, fs.readFileSync(path.join(shellDir, f), 'utf8')]),
  );
  return [
    ...checkWebPreferences(secureWebPreferences('/app/dist/electron/preload.cjs')),
    ...checkCsp(contentSecurityPolicy),
    ...checkPreload(fs.readFileSync(path.join(root, 'electron', 'preload', 'preload.ts'), 'utf8')),
    ...checkShellSources(shell),
    ...checkPackaging(
      (createRequire(import.meta.url)('js-yaml') as { load(text: string): Record<string, unknown> }).load(
        fs.readFileSync(path.join(root, 'build', 'electron-builder.yml'), 'utf8'),
      ),
    ),
  ];
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const problems = await checkRepository(path.resolve(import.meta.dirname, '../..'));
  for (const problem of problems) process.stderr.write(`✗ ${problem}\n`);
  process.stdout.write(problems.length ? '' : 'Contrôle de sécurité : rien à signaler.\n');
  process.exitCode = problems.length ? 1 : 0;
}
