import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../electron/services/context.ts';
import type { Api } from '../../shared/api.ts';
import type { AppError } from '../../shared/errors.ts';
import { openTestApp } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
let api: Api;
let context: AppContext;

beforeAll(async () => {
  ({ api, context } = await openTestApp(dir, 'reveal.sqlite'));
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as AppError,
  );

describe('« Ouvrir le dossier » through the contract', () => {
  it('keeps nothing and refuses to reveal where the door cannot show files (browser host, CLI)', async () => {
    const file = await api.call('report.financing', { year: 2027, scenarios: [], keep: true });
    expect(file.kept).toBeNull();
    expect(fs.existsSync(path.join(dir, 'rapports'))).toBe(false);
    const error = await refusal(api.call('report.reveal', { path: path.join(dir, 'rapports', 'x.xlsx') }));
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    expect(error?.message).toMatch(/application de bureau/);
  });

  it('keeps a copy in rapports/ beside the database and asks the shell to show it, and only it', async () => {
    const shown: string[] = [];
    context.revealer = { showItemInFolder: (filePath) => shown.push(filePath) };
    const file = await api.call('report.financing', { year: 2027, scenarios: [], keep: true });
    const kept = file.kept?.path as string;
    expect(kept).toBe(path.join(dir, 'rapports', 'rapport-de-financement-2027.xlsx'));
    expect(fs.readFileSync(kept).equals(Buffer.from(file.content, 'base64'))).toBe(true);
    expect(await api.call('report.reveal', { path: kept })).toEqual({ path: fs.realpathSync(kept) });
    expect(shown).toEqual([fs.realpathSync(kept)]);

    for (const elsewhere of [
      path.join(dir, 'reveal.sqlite'),
      path.join(dir, 'rapports', '..', 'reveal.sqlite'),
    ]) {
      const error = await refusal(api.call('report.reveal', { path: elsewhere }));
      expect(error).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(shown).toHaveLength(1);
    // Without keep (the CLI's call), nothing is written.
    expect((await api.call('report.financing', { year: 2027, scenarios: [] })).kept).toBeNull();
    expect(fs.readdirSync(path.join(dir, 'rapports'))).toHaveLength(1);
  });

  it('still hands over the workbook when its copy cannot be kept, without the button', async () => {
    const folder = path.join(dir, 'rapports');
    fs.rmSync(folder, { recursive: true });
    fs.writeFileSync(folder, 'un fichier à la place du dossier');
    const file = await api.call('report.financing', { year: 2027, scenarios: [], keep: true });
    expect(file.kept).toBeNull();
    expect(Buffer.from(file.content, 'base64').subarray(0, 2).toString('latin1')).toBe('PK');
  });
});
