import { performance } from 'node:perf_hooks';
import { type ElectronApplication, _electron as electron, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CentralProcess, sendPatrons, startCentralProcess } from '../helpers/central-process.ts';
import { describeTimes, percentile, probeWhile } from '../helpers/door-latency.ts';
import { electronBinary, electronEnv, electronMissing } from '../helpers/electron.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

/**
 * tests/integration/core-process.test.ts in real Electron: the main process (windows, IPC) answers within
 * 50 ms while the core, in its utility process, builds a workbook, backs up and applies a snapshot.
 * Skipped, with the reason, where the Electron binary is absent.
 */
const binary = electronBinary();
if (!binary) console.warn(electronMissing);

describe.skipIf(!binary)('the main process answers while the core works (real Electron)', () => {
  const home = tempDir('mednum-electron-core-');
  const patrons = 24_000;
  let central: CentralProcess;
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    central = await startCentralProcess(home);
    await sendPatrons(central, patrons);
    app = await electron.launch({
      executablePath: binary as string,
      args: [repoRoot, ...(process.env.CI ? ['--no-sandbox'] : [])],
      env: electronEnv(home),
    });
    page = await app.firstWindow();
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    central?.stop();
  });

  it('keeps the main process within 50 ms', async () => {
    const call = (method: string, input: unknown) =>
      page.evaluate(
        async ([m, i]) => {
          const envelope = await (
            window as unknown as { bridge: { invoke(m: unknown, i: unknown): Promise<unknown> } }
          ).bridge.invoke(m, i);
          return envelope as { ok: boolean; value?: unknown };
        },
        [method, input] as const,
      );
    await call('settings.update', { staffName: 'Bruno' });
    const login = await call('sync.login', {
      serverUrl: central.url,
      email: central.email,
      password: central.password,
    });
    expect(login.ok).toBe(true);

    const started = performance.now();
    const work = Promise.all([
      call('sync.now', {}),
      call('report.financing', { year: 2027, scenarios: [] }),
      call('backup.create', {}),
    ]);
    // The main process's own answer: Playwright evaluates in it.
    const { result, durations } = await probeWhile(work, () => app.evaluate(() => process.uptime()));
    expect(result.every((envelope) => envelope.ok)).toBe(true);
    process.stdout.write(
      `core-process (Electron): work ${Math.round(performance.now() - started)} ms; main process: ${describeTimes(durations)}\n`,
    );
    expect(percentile(durations, 99)).toBeLessThan(50);
  }, 180_000);
});
