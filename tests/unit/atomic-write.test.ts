import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../electron/services/atomic-write.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';
import { fillUp, mountTinyFilesystem } from '../helpers/tiny-filesystem.ts';

const dir = tempDir();

describe('writeFileAtomic, the one way a file is written', () => {
  it('writes, replaces, keeps the mode asked, and leaves no temporary file', () => {
    const file = path.join(dir, 'rapport.xlsx');
    writeFileAtomic(file, 'première');
    writeFileAtomic(file, Buffer.from('seconde'), { mode: 0o600 });
    expect(fs.readFileSync(file, 'utf8')).toBe('seconde');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('.rapport.xlsx'))).toEqual([]);
  });

  it('says in French which file could not be written, and leaves nothing behind', () => {
    const notAFolder = path.join(dir, 'fichier');
    fs.writeFileSync(notAFolder, 'x');
    const target = path.join(notAFolder, 'sortie.csv');
    let error: unknown;
    try {
      writeFileAtomic(target, 'a');
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('Impossible d’écrire « sortie.csv »'),
    });
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a process killed while writing leaves the old file or the new one, never a part', async () => {
    const file = path.join(dir, 'gros.bin');
    writeFileAtomic(file, 'ancien');
    const big = 64 * 1024 * 1024;
    const script = `
      const { writeFileAtomic } = await import(${JSON.stringify(path.join(repoRoot, 'electron/services/atomic-write.ts'))});
      process.stdout.write('prêt\\n');
      for (;;) writeFileAtomic(${JSON.stringify(file)}, Buffer.alloc(${big}, 7));
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    // Killed at several moments of its loop: mid-write, mid-flush, between files.
    await new Promise((resolve) => setTimeout(resolve, 400));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const size = fs.statSync(file).size;
    expect([6, big]).toContain(size);
    if (size === big) expect(fs.readFileSync(file).every((byte) => byte === 7)).toBe(true);
  });

  it('on a full disk: DISK_FULL in French, the previous file intact, no temporary file', (context) => {
    const tiny = mountTinyFilesystem(4);
    if (!tiny) {
      context.skip('monter un petit système de fichiers (tmpfs) demande les droits root sous Linux');
      return;
    }
    try {
      const file = path.join(tiny, 'etat.json');
      writeFileAtomic(file, 'avant');
      fillUp(tiny);
      let error: unknown;
      try {
        writeFileAtomic(file, Buffer.alloc(256 * 1024, 1));
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ code: 'DISK_FULL', message: expect.stringContaining('Disque plein') });
      expect(fs.readFileSync(file, 'utf8')).toBe('avant');
      expect(fs.readdirSync(tiny).sort()).toEqual(['etat.json', 'remplissage.bin']);
    } finally {
      execFileSync('umount', ['-l', tiny], { stdio: 'ignore' });
      fs.rmSync(tiny, { recursive: true, force: true });
    }
  });
});
