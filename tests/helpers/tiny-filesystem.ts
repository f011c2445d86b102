import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';

/** A tmpfs of `megabytes` (root only, as in CI), or null when it cannot be mounted here. */
export function mountTinyFilesystem(megabytes: number): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-tinyfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

/** Writes a filler file until the file system refuses: what is left is less than one 64 KB chunk. */
export function fillUp(dir: string): string {
  const filler = path.join(dir, 'remplissage.bin');
  const fd = fs.openSync(filler, 'a');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    expect((error as { code?: string }).code).toBe('ENOSPC');
  } finally {
    fs.closeSync(fd);
  }
  // And the last crumbs, byte-sized writes refused too.
  const small = fs.openSync(filler, 'a');
  try {
    for (let i = 0; i < 64; i += 1) fs.writeSync(small, Buffer.alloc(1024, 1));
  } catch {
    // full
  } finally {
    fs.closeSync(small);
  }
  return filler;
}
