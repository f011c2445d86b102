import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatePatronFile } from '../bench/patron-file.ts';
import { addFigeacArgs, cliCommand, cliOn } from '../helpers/cli.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

const dir = tempDir('mednum-watch-');
const db = path.join(dir, 'watch.sqlite');
const { cli, json } = cliOn(dir, db);
const fixture = (...parts: string[]) => path.join(repoRoot, 'tests', 'fixtures', 'import', ...parts);
/** `import watch <drop> --library FIGEAC --once`, files read once 0.2 s unchanged. */
const watchOnce = (drop: string) => [
  'import',
  'watch',
  drop,
  '--library',
  'FIGEAC',
  '--once',
  '--settle',
  '0.2',
  '--by',
  'T',
];
const list = (folder: string) => (fs.existsSync(folder) ? fs.readdirSync(folder).sort() : []);

beforeAll(() => {
  json(...addFigeacArgs);
});

describe('mednum import watch <dossier> --library L --once', () => {
  it('imports each dropped file, moves it to traités/ with its report or to en-erreur/ with the reason', () => {
    const drop = path.join(dir, 'depot');
    fs.mkdirSync(drop);
    fs.copyFileSync(fixture('koha.csv'), path.join(drop, 'koha.csv'));
    fs.copyFileSync(fixture('malformed', 'vide.csv'), path.join(drop, 'vide.csv'));
    fs.copyFileSync(fixture('malformed', 'document.pdf'), path.join(drop, 'document.pdf'));
    fs.writeFileSync(path.join(drop, '~$koha.xlsx'), 'verrou Excel');

    const processed = json(...watchOnce(drop));
    expect(processed).toHaveLength(2);
    const byName = Object.fromEntries(processed.map((p: { file: string }) => [path.basename(p.file), p]));

    const done = byName['koha.csv'];
    expect(done).toMatchObject({ status: 'traité', error: null });
    expect(done.result.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(done.result.created).toBe(5);
    expect(path.dirname(done.movedTo)).toBe(path.join(drop, 'traités'));
    expect(fs.existsSync(done.movedTo)).toBe(true);
    const report = fs.readFileSync(done.report, 'utf8');
    expect(done.report).toBe(`${done.movedTo}.rapport.csv`);
    expect(report.startsWith('\ufeffLigne;N° de carte;Nom')).toBe(true);

    const failed = byName['vide.csv'];
    expect(failed).toMatchObject({ status: 'en-erreur', result: null });
    expect(path.dirname(failed.movedTo)).toBe(path.join(drop, 'en-erreur'));
    expect(fs.readFileSync(failed.report, 'utf8')).toContain(failed.error.message);

    // What is not a patron export, and Office's lock files, stay where they are; the lock is released.
    expect(list(drop)).toEqual(['document.pdf', 'en-erreur', 'traités', '~$koha.xlsx']);
    expect(json('patrons', 'count', '--library', 'FIGEAC').count).toBe(5);
    expect(json('import', 'list')).toHaveLength(1);
  });

  it('an empty folder is not an error; a missing folder or library is a bad call (exit 2)', () => {
    const empty = path.join(dir, 'vide');
    fs.mkdirSync(empty);
    expect(json('import', 'watch', empty, '--library', 'FIGEAC', '--once')).toEqual([]);
    expect(cli('import', 'watch', path.join(dir, 'absent'), '--library', 'FIGEAC', '--once').code).toBe(2);
    const noLibrary = cli('import', 'watch', empty, '--library', 'NULLE', '--once');
    expect(noLibrary.code).toBe(2);
    expect(noLibrary.stderr).toContain('Aucune bibliothèque');
  });

  it('a folder already watched by a live process is refused; a stale lock is taken over', () => {
    const locked = path.join(dir, 'verrouille');
    fs.mkdirSync(locked);
    fs.writeFileSync(path.join(locked, '.mednum-import-watch.lock'), String(process.pid));
    const refused = cli('import', 'watch', locked, '--library', 'FIGEAC', '--once');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('déjà surveillé');
    fs.writeFileSync(path.join(locked, '.mednum-import-watch.lock'), '999999999');
    expect(cli('import', 'watch', locked, '--library', 'FIGEAC', '--once').code).toBe(0);
    expect(list(locked)).toEqual([]);
  });
});

describe('mednum import watch, continuous', () => {
  it('waits until a file being written is complete, imports it whole, and stops cleanly on SIGTERM', async () => {
    const drop = path.join(dir, 'continu');
    fs.mkdirSync(drop);
    const child = spawn(
      ...cliCommand([
        'import',
        'watch',
        drop,
        '--library',
        'FIGEAC',
        '--settle',
        '1',
        '--interval',
        '0.3',
        '--by',
        'T',
        '--json',
        '--db',
        db,
      ]),
      {
        cwd: dir,
        env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config'), MEDNUM_DB: '' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await expect.poll(() => stderr, { timeout: 30_000 }).toContain('Surveillance de');

    // A library's export arriving slowly over the network: 2,000 rows in 8 chunks, 300 ms apart.
    const file = generatePatronFile({ rows: 2000, prefix: 'LENT', seed: 11, badShare: 0 });
    const target = path.join(drop, 'lent.csv');
    const chunk = Math.ceil(file.bytes.length / 8);
    for (let i = 0; i < file.bytes.length; i += chunk) {
      fs.appendFileSync(target, file.bytes.subarray(i, i + chunk));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await expect.poll(() => list(path.join(drop, 'traités')).length, { timeout: 60_000 }).toBe(2);
    // The file and its report are in place before the line is printed: on a busy machine it comes a moment later.
    await expect.poll(() => stdout.includes('\n'), { timeout: 10_000 }).toBe(true);
    const line = JSON.parse(stdout.trim().split('\n')[0] ?? '{}');
    expect(line).toMatchObject({ status: 'traité' });
    expect(line.result.created).toBe(2000);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(JSON.parse(stdout.trim().split('\n').slice(1).join('\n'))).toEqual({ traités: 1, enErreur: 0 });
    expect(list(drop)).toEqual(['traités']);
  }, 120_000);
});
