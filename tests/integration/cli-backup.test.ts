import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliOn, expectNoStackTrace } from '../helpers/cli.ts';
import { damageDatabaseFile } from '../helpers/damage.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir('mednum-cli-backup-');
const db = path.join(dir, 'cli-backup.sqlite');
const { cli, json } = cliOn(dir, db);
const addLibrary = (name: string, code: string) =>
  json('library', 'add', '--name', name, '--commune', '46102', '--ils', 'koha', '--code', code, '--by', 'T');

describe('mednum backup', () => {
  it('create → { id, file, at }, list → an array of those, restore <id> puts it back', () => {
    addLibrary('Bibliothèque avant', 'AVANT');
    const made = json('backup', 'create');
    expect(Object.keys(made)).toEqual(['id', 'file', 'at']);
    expect(made.file).toBe(path.join(dir, 'sauvegardes', `cli-backup.${made.id}.sqlite`));
    expect(fs.existsSync(made.file)).toBe(true);
    expect(new Date(made.at).toISOString()).toBe(made.at);

    const listed = json('backup', 'list');
    expect(listed[0]).toEqual(made);
    expect(listed.every((b: object) => Object.keys(b).join() === 'id,file,at')).toBe(true);

    addLibrary('Bibliothèque après', 'APRES');
    const restored = cli('backup', 'restore', made.id);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`Sauvegarde ${made.id} restaurée`);
    expect(json('library', 'list').map((l: { code: string }) => l.code)).toEqual(['AVANT']);
    expect(json('backup', 'list').map((b: { id: string }) => b.id)).toContain(made.id);
  });

  it('an unknown backup exits 1, a malformed id exits 2, both in French without a trace', () => {
    const unknown = cli('backup', 'restore', '20200101T000000000Z-manuelle');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Aucune sauvegarde');
    expectNoStackTrace(unknown.stderr);
    const malformed = cli('backup', 'restore', 'n-importe-quoi');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('Identifiant de sauvegarde invalide');
  });

  it('a damaged database: other commands exit 2 naming the backup to restore; backup restore repairs it', () => {
    const saved = json('backup', 'create');
    damageDatabaseFile(db);

    const refused = cli('library', 'list');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('endommagée');
    expect(refused.stderr).toContain(`mednum backup restore ${saved.id}`);
    expectNoStackTrace(refused.stderr);

    expect(json('backup', 'list')[0].id).toBe(saved.id);
    expect(cli('backup', 'restore', saved.id).code).toBe(0);
    expect(json('library', 'list').map((l: { code: string }) => l.code)).toEqual(['AVANT']);
  });
});
