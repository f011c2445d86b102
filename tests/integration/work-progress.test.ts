import { describe, expect, it } from 'vitest';
import type { Output } from '../../shared/contract.ts';
import { openTestApp } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Long work tells how far it is (work.progress, the header's « travail en cours »): asked while it runs,
 * between two of its steps, and forgotten once it ends, however it ends.
 */
const dir = tempDir('mednum-work-');

/** Every answer of work.progress while `work` runs, asked between each of its steps. */
async function watch(call: () => Promise<Output<'work.progress'>>, work: Promise<unknown>) {
  let done = false;
  void work.finally(() => {
    done = true;
  });
  const seen: Output<'work.progress'>[] = [];
  while (!done) {
    seen.push(await call());
    await new Promise((resolve) => setImmediate(resolve));
  }
  await work;
  return seen.flat();
}

describe('work in progress', () => {
  it('a backup says how many pages are copied, of how many, then is gone', async () => {
    const { api } = await openTestApp(dir, 'backup.sqlite');
    const seen = await watch(() => api.call('work.progress', {}), api.call('backup.create', {}));
    const backups = seen.filter((work) => work.label === 'Sauvegarde de la base');
    expect(backups.length).toBeGreaterThan(1);
    const last = backups.at(-1) as Output<'work.progress'>[number];
    expect(last.unit).toBe('pages');
    expect(last.total).toBeGreaterThan(100);
    expect(last.done).toBeGreaterThan(0);
    expect(last.done).toBeLessThanOrEqual(last.total as number);
    expect(await api.call('work.progress', {})).toEqual([]);
  });

  it('a financing report counts the situations computed; a failed one is forgotten too', async () => {
    const { api } = await openTestApp(dir, 'report.sqlite');
    const seen = await watch(
      () => api.call('work.progress', {}),
      api.call('report.financing', { year: 2027, scenarios: [] }),
    );
    expect(seen.map((work) => work.label)).toContain('Rapport de financement');
    expect(seen.find((work) => work.label === 'Rapport de financement')?.unit).toBe('situations calculées');
    await expect(api.call('backup.restore', { id: '20270101T000000000Z-manuelle' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await api.call('work.progress', {})).toEqual([]);
  });
});
