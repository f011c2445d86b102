import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isInsideFolder,
  keepReport,
  reportsDirFor,
  revealablePath,
} from '../../electron/services/reports/kept-reports.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir('mednum-kept-');

describe('which paths « Ouvrir le dossier » may show (pure)', () => {
  const folder = path.resolve('/data/mednum-admin/rapports');

  it('accepts files inside the reports folder, subfolders included', () => {
    expect(isInsideFolder(folder, path.join(folder, 'rapport-de-financement-2027.xlsx'))).toBe(true);
    expect(isInsideFolder(folder, path.join(folder, 'archives', 'a.xlsx'))).toBe(true);
    expect(isInsideFolder(`${folder}${path.sep}`, path.join(folder, 'a.xlsx'))).toBe(true);
  });

  it('refuses the folder itself, its parents, siblings that share its prefix, escapes and odd input', () => {
    expect(isInsideFolder(folder, folder)).toBe(false);
    expect(isInsideFolder(folder, path.dirname(folder))).toBe(false);
    expect(isInsideFolder(folder, path.join(path.dirname(folder), 'mednum-admin.sqlite'))).toBe(false);
    expect(isInsideFolder(folder, `${folder}-copie${path.sep}a.xlsx`)).toBe(false);
    expect(isInsideFolder(folder, path.join(folder, '..', 'secrets', 'token'))).toBe(false);
    expect(isInsideFolder(folder, `${folder}${path.sep}..${path.sep}..${path.sep}etc${path.sep}passwd`)).toBe(
      false,
    );
    expect(isInsideFolder(folder, 'rapports/a.xlsx')).toBe(false);
    expect(isInsideFolder(folder, '')).toBe(false);
    expect(isInsideFolder(folder, `${path.join(folder, 'a.xlsx')}\0.txt`)).toBe(false);
  });

  it('puts the reports folder beside the database', () => {
    expect(reportsDirFor('/data/mednum-admin/mednum-admin.sqlite')).toBe(folder);
  });
});

describe('kept reports on disk', () => {
  const folder = reportsDirFor(path.join(dir, 'app.sqlite'));

  it('keeps a copy under its name, then « (2) » when the name is taken', () => {
    const first = keepReport(folder, 'rapport-de-financement-2027.xlsx', Buffer.from('PK1'));
    const second = keepReport(folder, 'rapport-de-financement-2027.xlsx', Buffer.from('PK2'));
    expect(first).toBe(path.join(folder, 'rapport-de-financement-2027.xlsx'));
    expect(second).toBe(path.join(folder, 'rapport-de-financement-2027 (2).xlsx'));
    expect(fs.readFileSync(second, 'utf8')).toBe('PK2');
    expect(fs.readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // A name with a path in it stays in the folder.
    expect(path.dirname(keepReport(folder, '../../evil.xlsx', Buffer.from('x')))).toBe(folder);
  });

  it('shows only existing files of the folder, symbolic links followed', () => {
    const kept = keepReport(folder, 'a.xlsx', Buffer.from('PK'));
    expect(revealablePath(folder, kept)).toBe(fs.realpathSync(kept));
    expect(() => revealablePath(folder, path.join(folder, 'absent.xlsx'))).toThrow(/n’existe plus/);
    expect(() => revealablePath(folder, path.join(dir, 'app.sqlite'))).toThrow(
      /Seuls les rapports enregistrés/,
    );
    const outside = path.join(dir, 'dehors.txt');
    fs.writeFileSync(outside, 'secret');
    const link = path.join(folder, 'lien.xlsx');
    fs.symlinkSync(outside, link);
    expect(() => revealablePath(folder, link)).toThrow(/Seuls les rapports enregistrés/);
    fs.mkdirSync(path.join(folder, 'sous-dossier'), { recursive: true });
    expect(() => revealablePath(folder, path.join(folder, 'sous-dossier'))).toThrow(
      /Seuls les rapports enregistrés/,
    );
  });
});
