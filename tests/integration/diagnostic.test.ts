import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openAppContext } from '../../electron/services/context.ts';
import type { Desktop } from '../../electron/services/desktop.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { createFileLogger } from '../../electron/services/log.ts';
import { createApi } from '../../shared/api.ts';
import { openTestApp } from '../helpers/app.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

const dir = tempDir('mednum-diagnostic-');
const fixture = path.join(repoRoot, 'tests', 'fixtures', 'import', 'koha.csv');

/** Every name, card number and e-mail address of the fixture's patrons. */
function patronStrings(): string[] {
  const [, ...lines] = fs.readFileSync(fixture, 'utf8').trim().split('\n');
  return lines.flatMap((line) => {
    const [card, last, first, , email] = line.split(',');
    return [card, last, first, email].filter((v): v is string => Boolean(v && v.length > 2));
  });
}

function readTree(folder: string): string {
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(folder, name))
    .filter((file) => fs.statSync(file).isFile())
    .map((file) => fs.readFileSync(file, 'utf8'))
    .join('\n');
}

describe('Exporter un diagnostic', () => {
  it('writes logs, versions, settings and row counts, and no patron name, card or e-mail', async () => {
    const { api, context } = await openTestApp(dir, 'diagnostic.sqlite');
    const { id } = await api.call('library.add', { name: 'Médiathèque', commune: '46102', ils: 'koha' });
    const session = await api.call('import.open', {
      libraryId: id,
      fileName: 'koha.csv',
      content: fs.readFileSync(fixture).toString('base64'),
    });
    await api.call('import.commit', { sessionId: session.sessionId });
    await api.call('backup.create', {});
    // A careless log line quoting a patron: the export masks it anyway.
    context.log.warn('Ligne refusée pour louis.bertrand@orange.fr, carte 2300010049');

    const result = await api.call('diagnostic.export', {});
    expect(result.folder).toMatch(/diagnostics[/\\]diagnostic-\d{8}-\d{6}$/);
    expect(result.files).toEqual(
      expect.arrayContaining(['versions.json', 'reglages.json', 'tables.json', 'sauvegardes.json']),
    );
    expect(result.files.some((f) => f.startsWith('logs'))).toBe(true);

    const versions = JSON.parse(fs.readFileSync(path.join(result.folder, 'versions.json'), 'utf8'));
    expect(versions).toMatchObject({
      app: 'test',
      node: process.versions.node,
      electron: null,
      departement: '46',
    });
    expect(versions.sqlite).toMatch(/^3\.\d+\.\d+$/);
    expect(versions.schema).toBeGreaterThan(0);
    const tables = JSON.parse(fs.readFileSync(path.join(result.folder, 'tables.json'), 'utf8'));
    expect(tables.patron).toBe(5);
    expect(tables.library).toBe(1);
    const settings = JSON.parse(fs.readFileSync(path.join(result.folder, 'reglages.json'), 'utf8'));
    expect(settings.departement).toBe('46');

    const everything = readTree(result.folder);
    expect(everything).toContain('[courriel masqué]');
    const strings = patronStrings();
    expect(strings.length).toBeGreaterThanOrEqual(15);
    for (const value of strings) expect(everything, value).not.toContain(value);
  });
});

describe('native dialogs, where the door has them', () => {
  it('without a desktop (browser host, CLI): no capability, openFile answers null', async () => {
    const { api } = await openTestApp(dir, 'no-desktop.sqlite');
    expect(await api.call('desktop.capabilities', {})).toEqual({ dialogs: false, notifications: false });
    expect(await api.call('desktop.openFile', { purpose: 'patrons' })).toEqual({ file: null });
  });

  it('with the desktop: the chosen file is read by the services, and saved where the user said', async () => {
    const asked: string[] = [];
    const saveTo = path.join(dir, 'rapport-enregistre.csv');
    const desktop: Desktop = {
      async chooseFileToOpen(options) {
        asked.push(`${options.title} ${options.filters[0]?.extensions.join(',')}`);
        return fixture;
      },
      async chooseFileToSave(options) {
        asked.push(`${options.defaultName} ${options.filters[0]?.extensions.join(',')}`);
        return saveTo;
      },
      notify: () => {},
    };
    const context = await openAppContext({
      databasePath: path.join(dir, 'desktop.sqlite'),
      version: 'test',
      desktop,
    });
    try {
      const api = createApi(localInvoke(openGate(context)));
      expect(await api.call('desktop.capabilities', {})).toEqual({ dialogs: true, notifications: true });
      const { file } = await api.call('desktop.openFile', { purpose: 'patrons' });
      expect(file?.fileName).toBe('koha.csv');
      expect(Buffer.from(file?.content ?? '', 'base64')).toEqual(fs.readFileSync(fixture));
      const saved = await api.call('desktop.saveFile', {
        fileName: 'rapport.csv',
        content: Buffer.from('a;b\n').toString('base64'),
      });
      expect(saved.path).toBe(saveTo);
      expect(fs.readFileSync(saveTo, 'utf8')).toBe('a;b\n');
      expect(asked).toEqual(['Choisir le fichier des lecteurs csv,txt,tsv,xlsx', 'rapport.csv csv']);
    } finally {
      await context.close();
    }
  });
});

describe('the end of a long import', () => {
  it('is announced by a system notification (desktop), with counts and no patron data', async () => {
    const notified: string[] = [];
    const desktop: Desktop = {
      chooseFileToOpen: async () => null,
      chooseFileToSave: async () => null,
      notify: (title, body) => notified.push(`${title} — ${body}`),
    };
    const context = await openAppContext({
      databasePath: path.join(dir, 'notify.sqlite'),
      version: 'test',
      desktop,
    });
    try {
      const api = createApi(localInvoke(openGate(context)));
      const { id } = await api.call('library.add', {
        name: 'Médiathèque',
        commune: '46102',
        ils: 'koha',
        by: 'T',
      });
      const open = () =>
        api.call('import.open', {
          libraryId: id,
          fileName: 'koha.csv',
          content: fs.readFileSync(fixture).toString('base64'),
        });
      // A quick import: no notification.
      await api.call('import.commit', { sessionId: (await open()).sessionId, by: 'T' });
      expect(notified).toEqual([]);
      // A long one: the clock moves 30 s between the file and its commit.
      const session = await open();
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 30_000 });
      try {
        await api.call('import.commit', { sessionId: session.sessionId, by: 'T' });
      } finally {
        vi.useRealTimers();
      }
      expect(notified).toEqual([
        'Import des lecteurs terminé — koha.csv : 0 nouveaux, 0 modifiés, 5 inchangés, 0 rejetés.',
      ]);
    } finally {
      await context.close();
    }
  });
});

describe('the services’ rotating log', () => {
  it('rotates past its size, keeps a bounded number of files, and never throws', () => {
    const logs = path.join(dir, 'logs-rotation');
    const log = createFileLogger(logs, { maxBytes: 200, keep: 3 });
    for (let i = 0; i < 40; i += 1) log.info(`entrée ${i} ${'x'.repeat(40)}`);
    const files = fs.readdirSync(logs).sort();
    expect(files).toEqual(['services.log', 'services.log.1', 'services.log.2', 'services.log.3']);
    expect(fs.readFileSync(path.join(logs, 'services.log'), 'utf8')).toContain('entrée 39');
    for (const file of files) expect(fs.statSync(path.join(logs, file)).size).toBeLessThanOrEqual(200);
    // A folder that cannot exist: its parent is a file.
    const unwritable = createFileLogger(path.join(logs, 'services.log', 'dessous'));
    expect(() => unwritable.error('rien', new Error('x'))).not.toThrow();
  });
});
