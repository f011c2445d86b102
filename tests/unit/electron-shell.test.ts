import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../electron/main/sender.ts';
import { secureWebPreferences } from '../../electron/main/web-preferences.ts';
import { contentSecurityPolicy } from '../../electron/services/static-files.ts';
import { repoRoot } from '../helpers/temp.ts';

describe('the window options', () => {
  it('keep every item of Electron’s security checklist that applies to them', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
  });

  it('are the only ones any window is created with', () => {
    const shell = path.join(repoRoot, 'electron', 'main');
    for (const file of fs.readdirSync(shell)) {
      const source = fs.readFileSync(path.join(shell, file), 'utf8');
      for (const [, options] of source.matchAll(/new BrowserWindow\(\{([\s\S]*?)\n {2}\}\);/g)) {
        expect(options, file).toMatch(/webPreferences: secureWebPreferences\(/);
      }
    }
  });
});

describe('the content security policy', () => {
  it('allows scripts from the app itself only: no inline script, no eval, no remote origin', () => {
    const directives = Object.fromEntries(
      contentSecurityPolicy.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});

describe('the IPC sender check', () => {
  const mainFrame = { url: 'app://mednum/index.html#/collectivites' };
  const event = (senderFrame: { url: string } | null, top = mainFrame) =>
    ({ senderFrame, sender: { mainFrame: top } }) as unknown as Parameters<typeof isTrustedSender>[0];

  it('accepts our own page in the top frame', () => {
    expect(isTrustedSender(event(mainFrame))).toBe(true);
  });

  it('refuses a sub-frame, another origin, a file:// page and a destroyed frame', () => {
    expect(isTrustedSender(event({ url: 'app://mednum/index.html' }))).toBe(false);
    const evil = { url: 'https://evil.example/' };
    expect(isTrustedSender(event(evil, evil))).toBe(false);
    const file = { url: 'file:///C:/Users/x/index.html' };
    expect(isTrustedSender(event(file, file))).toBe(false);
    const lookalike = { url: 'app://mednum.evil/index.html' };
    expect(isTrustedSender(event(lookalike, lookalike))).toBe(false);
    expect(isTrustedSender(event(null))).toBe(false);
  });
});

describe('the preload', () => {
  it('exposes one typed invoke and nothing else of ipcRenderer', () => {
    const source = fs.readFileSync(path.join(repoRoot, 'electron', 'preload', 'preload.ts'), 'utf8');
    expect(source).toMatch(/exposeInMainWorld\('bridge', \{ invoke \} satisfies Bridge\)/);
    expect(source.match(/ipcRenderer\.\w+/g)).toEqual(['ipcRenderer.invoke']);
  });
});
