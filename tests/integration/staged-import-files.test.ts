import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppContext } from '../../electron/services/context.ts';
import type { Desktop } from '../../electron/services/desktop.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { StagedFiles, stagingDirFor } from '../../electron/services/import/staged-files.ts';
import { type Api, createApi, type Envelope } from '../../shared/api.ts';
import { startAppHost } from '../helpers/browser.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

/**
 * Patron exports handed to an import by reference, never base64 through the page or IPC: the path the
 * desktop's dialog chose, or the upload the browser host streamed to disk. Sizes are checked before a
 * byte is read; an upload is deleted once read, or when it stops halfway.
 */
const dir = tempDir('mednum-staged-');
const fixture = path.join(repoRoot, 'tests', 'fixtures', 'import', 'koha.csv');
const megabyte = 1024 * 1024;

async function addLibrary(api: Api): Promise<string> {
  await api.call('settings.update', { staffName: 'Claire Agent' });
  const library = await api.call('library.add', {
    name: 'Médiathèque de Figeac',
    commune: '46102',
    ils: 'koha',
  });
  return library.id;
}

describe('the desktop: the file the dialog chose, imported where it is', () => {
  let chosen = fixture;
  let api: Api;
  let libraryId: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const desktop: Desktop = {
      chooseFileToOpen: async () => chosen,
      chooseFileToSave: async () => null,
      notify: () => {},
    };
    const context = await openAppContext({
      databasePath: path.join(dir, 'desktop.sqlite'),
      version: 'test',
      desktop,
    });
    close = () => context.close();
    api = createApi(localInvoke(openGate(context)));
    libraryId = await addLibrary(api);
  });
  afterAll(() => close());

  it('reads the chosen file by its id, and leaves the person’s own file where it is', async () => {
    const { file } = await api.call('desktop.pickImportFile', {});
    expect(file).toMatchObject({ fileName: 'koha.csv', size: fs.statSync(fixture).size });
    const opened = await api.call('import.open', {
      libraryId,
      fileName: 'koha.csv',
      fileId: file?.fileId as string,
    });
    expect(opened.counts.rows).toBeGreaterThan(0);
    await api.call('import.cancel', { sessionId: opened.sessionId });
    expect(fs.existsSync(fixture)).toBe(true);
  });

  it('refuses a file over 200 MB as soon as it is chosen, in French, before reading it', async () => {
    chosen = path.join(dir, 'enorme.csv');
    // Sparse: 201 MB on paper, nothing on disk.
    fs.writeFileSync(chosen, '');
    fs.truncateSync(chosen, 201 * megabyte);
    await expect(api.call('desktop.pickImportFile', {})).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: expect.stringMatching(/^Ce fichier fait 201,0 Mo : 200,0 Mo au plus\. Découpez-le/),
    });
  });

  it('takes the file once: its content or its id, not both, not neither', async () => {
    const content = fs.readFileSync(fixture).toString('base64');
    const fileId = '0193a1b2-0000-7000-8000-000000000000';
    for (const input of [{ content, fileId }, {}])
      await expect(
        api.call('import.open', { libraryId, fileName: 'koha.csv', ...input }),
      ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(api.call('import.open', { libraryId, fileName: 'koha.csv', fileId })).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      message: 'Le fichier n’est plus disponible : choisissez-le de nouveau.',
    });
  });
});

describe('the browser host: the upload streamed to disk, then imported by its id', () => {
  let host: Awaited<ReturnType<typeof startAppHost>>;
  let cookie: string;
  let api: Api;
  let libraryId: string;
  const databasePath = path.join(dir, 'host.sqlite');
  const staging = stagingDirFor(databasePath);

  const upload = async (body: Buffer, headers: Record<string, string> = {}) => {
    const response = await fetch(`${host.origin}/upload`, {
      method: 'POST',
      headers: { cookie, 'x-mednum-request': '1', ...headers },
      body: new Uint8Array(body),
    });
    return {
      status: response.status,
      envelope: (await response.json()) as Envelope<{ fileId: string; size: number }>,
    };
  };

  beforeAll(async () => {
    host = await startAppHost(databasePath);
    const login = await fetch(host.url, { redirect: 'manual' });
    cookie = String(login.headers.get('set-cookie')).split(';')[0] as string;
    api = createApi(async (method, input) => {
      const response = await fetch(`${host.origin}/api/${method}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-mednum-request': '1' },
        body: JSON.stringify(input),
      });
      return (await response.json()) as Envelope<never>;
    });
    libraryId = await addLibrary(api);
  });
  afterAll(() => host?.close());

  it('imports an upload by its id, and deletes it once read', async () => {
    const bytes = fs.readFileSync(fixture);
    const { status, envelope } = await upload(bytes);
    expect(status).toBe(200);
    if (!envelope.ok) throw new Error(envelope.error.message);
    expect(envelope.value.size).toBe(bytes.length);
    const staged = path.join(staging, envelope.value.fileId);
    expect(fs.readFileSync(staged)).toEqual(bytes);
    expect(fs.statSync(staged).mode & 0o777).toBe(0o600);
    const opened = await api.call('import.open', {
      libraryId,
      fileName: 'koha.csv',
      fileId: envelope.value.fileId,
    });
    expect(opened.counts.rows).toBeGreaterThan(0);
    expect(fs.existsSync(staged)).toBe(false);
    await api.call('import.cancel', { sessionId: opened.sessionId });
  });

  it('deletes an upload whose import is refused before it starts (bad input), and no other file', async () => {
    const { envelope } = await upload(fs.readFileSync(fixture));
    if (!envelope.ok) throw new Error(envelope.error.message);
    const staged = path.join(staging, envelope.value.fileId);
    await expect(
      api.call('import.open', { libraryId, fileName: '', fileId: envelope.value.fileId }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(fs.existsSync(staged)).toBe(false);
    // An id that is a path names nothing: refused, and nothing outside the staging folder is touched.
    const outside = path.join(dir, 'garde.csv');
    fs.writeFileSync(outside, 'a;b\n');
    await expect(
      api.call('import.open', { libraryId, fileName: 'x.csv', fileId: `../${path.basename(outside)}` }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(fs.existsSync(outside)).toBe(true);
  });

  it('refuses a declared size over 200 MB before a byte is written, in French', async () => {
    // The request says 300 MB and sends a little: the host answers from the header alone.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(new URL(host.origin).port), '127.0.0.1', () => {
        socket.write(
          `POST /upload HTTP/1.1\r\nHost: ${new URL(host.origin).host}\r\nCookie: ${cookie}\r\nx-mednum-request: 1\r\nContent-Length: ${300 * megabyte}\r\n\r\n`,
        );
        socket.write(Buffer.alloc(64 * 1024));
      });
      let said = '';
      socket.on('data', (chunk) => {
        said += chunk.toString();
        if (said.includes('}}')) {
          socket.destroy();
          resolve(said);
        }
      });
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toContain('"code":"FILE_TOO_LARGE"');
    expect(answer).toContain('Ce fichier fait 300,0 Mo : 200,0 Mo au plus.');
    expect(fs.existsSync(staging) ? fs.readdirSync(staging) : []).toEqual([]);
  });

  it('keeps nothing of an upload cut short, and refuses one from another page', async () => {
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(new URL(host.origin).port), '127.0.0.1', () => {
        socket.write(
          `POST /upload HTTP/1.1\r\nHost: ${new URL(host.origin).host}\r\nCookie: ${cookie}\r\nx-mednum-request: 1\r\nContent-Length: ${10 * megabyte}\r\n\r\n`,
        );
        socket.write(Buffer.alloc(megabyte), () => setTimeout(() => socket.destroy(), 100));
      });
      socket.on('close', () => resolve());
    });
    await expect.poll(() => (fs.existsSync(staging) ? fs.readdirSync(staging) : [])).toEqual([]);

    const { status, envelope } = await upload(Buffer.from('a;b\n'), { 'x-mednum-request': '0' });
    expect(status).toBe(403);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('uploads a stopped program left behind', () => {
  it('are deleted after a day; newer ones may be another window’s, and stay', () => {
    const staging = path.join(dir, 'sweep', 'imports-en-cours');
    fs.mkdirSync(staging, { recursive: true });
    const old = path.join(staging, 'ancien');
    const recent = path.join(staging, 'recent');
    fs.writeFileSync(old, 'x');
    fs.writeFileSync(recent, 'x');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60_000);
    fs.utimesSync(old, twoDaysAgo, twoDaysAgo);
    new StagedFiles(staging).sweep();
    expect(fs.readdirSync(staging)).toEqual(['recent']);
  });
});
