import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { chromiumArgs, chromiumEnv, chromiumPath, droppedFeatures } from '../helpers/chromium.ts';
import { testWorkers } from './test-workers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The DevTools addresses of the run's Chromiums, one per test worker; empty where there is none. */
    chromiumEndpoints: string[];
  }
}

/**
 * The run's Chromiums (vitest globalSetup), one per test worker: starting one took 1–4 s in each of the
 * 30-odd files that drive a browser. Each file connects to its worker's over the DevTools protocol
 * (helpers/browser.ts) and works in contexts of its own. One per worker rather than one for the run: a
 * Playwright client connected over DevTools attaches to every page of the browser, other clients' too, and
 * follows their events — with three files at once, each page was followed three times. Launched by
 * Playwright, so with the switches it always starts Chromium with (hidden scroll bars among them: layouts
 * and accessibility findings stay as they were); over DevTools rather than Playwright's own server, so
 * downloads keep a local path the tests read. Each project of the run calls this setup: the first launches
 * the browsers, the others share them, and the last teardown closes them.
 */
export default async function startSharedChromium(project: TestProject) {
  if (!fs.existsSync(chromiumPath)) {
    // launchChromium then says how to install it, in the files that need it.
    project.provide('chromiumEndpoints', []);
    return;
  }
  const holder = globalThis as Holder;
  holder[shared] ??= {
    users: 0,
    started: Promise.all(Array.from({ length: testWorkers }, () => launch())),
  };
  const run = holder[shared];
  run.users++;
  const browsers = await run.started;
  project.provide(
    'chromiumEndpoints',
    browsers.map((browser) => browser.endpoint),
  );
  return async () => {
    if (--run.users === 0) await Promise.all(browsers.map((browser) => browser.close()));
  };
}

const shared = Symbol.for('mednum.sharedChromium');
type Launched = { endpoint: string; close(): Promise<void> };
type Holder = { [shared]?: { users: number; started: Promise<Launched[]> } };

async function launch(): Promise<Launched> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: [...chromiumArgs, '--remote-debugging-port=0'],
    env: chromiumEnv,
  });
  const dropped = droppedFeatures(browserCommandLine(profile));
  if (dropped.length > 0) {
    await browser.close();
    throw new Error(
      `Chromium ignore des fonctions que Playwright désactive (${dropped.join(', ')}) : ajoutez-les à playwrightDisabledFeatures (tests/helpers/chromium.ts).`,
    );
  }
  return {
    endpoint: await devToolsEndpoint(profile),
    async close() {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10 });
    },
  };
}

/** Chromium writes the port it chose, and its browser path, to DevToolsActivePort in its profile. */
async function devToolsEndpoint(profile: string): Promise<string> {
  const file = path.join(profile, 'DevToolsActivePort');
  for (let waited = 0; waited < 30_000; waited += 50) {
    const [port, browserPath] = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
    if (port && browserPath) return `ws://127.0.0.1:${port}${browserPath}`;
    await sleep(50);
  }
  throw new Error(`Chromium n’a pas indiqué son adresse DevTools (${file}).`);
}

/** The command line of the browser process using `profile` (from /proc; empty where there is none). */
function browserCommandLine(profile: string): string[] {
  if (!fs.existsSync('/proc')) return [];
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let args: string[];
    try {
      args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (args.includes(`--user-data-dir=${profile}`) && !args.some((arg) => arg.startsWith('--type=')))
      return args;
  }
  return [];
}
