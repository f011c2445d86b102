import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { chromiumArgs, chromiumEnv, chromiumPath } from '../helpers/chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The DevTools address of the Chromium every test file shares, or '' where there is none. */
    chromiumEndpoint: string;
  }
}

/**
 * One Chromium for the whole run (vitest globalSetup): starting one took 1–4 s in each of the 30-odd
 * files that drive a browser. Each file connects over the DevTools protocol (helpers/browser.ts) and works
 * in contexts of its own, which share no cookies or storage; closing its connection leaves the browser to
 * the others. Over DevTools, not Playwright's own server: downloads keep a local path the tests read.
 */
export default async function startSharedChromium(project: TestProject) {
  if (!fs.existsSync(chromiumPath)) {
    // launchChromium then says how to install it, in the files that need it.
    project.provide('chromiumEndpoint', '');
    return;
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-chromium-'));
  const child = spawn(
    chromiumPath,
    [...chromiumArgs, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { env: chromiumEnv, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const endpoint = await devToolsEndpoint(child);
  project.provide('chromiumEndpoint', endpoint);
  return async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
    // Its helper processes may still be writing to the profile for a moment after the browser exits.
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10 });
  };
}

/** Chromium prints its DevTools address on stderr once it listens. */
function devToolsEndpoint(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let said = '';
    const onData = (chunk: Buffer) => {
      said += chunk.toString();
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(said)?.[1];
      if (!found) return;
      child.stderr?.off('data', onData);
      // Later output is not read; draining it keeps a full pipe from ever blocking the browser.
      child.stderr?.resume();
      resolve(found);
    };
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Chromium s’est arrêté au démarrage (${code}) : ${said}`)));
  });
}
