import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppHost } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
let host: Awaited<ReturnType<typeof startAppHost>>;
let cookie: string;

/** Raw HTTP, so the test controls every header a browser (or an attacker) could send. */
function request(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${host.origin}${pathname}`,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const apiHeaders = () => ({ cookie, 'content-type': 'application/json', 'x-mednum-request': '1' });
const callApi = (method: string, body: unknown) =>
  request(`/api/${method}`, { method: 'POST', headers: apiHeaders(), body: JSON.stringify(body) });

beforeAll(async () => {
  host = await startAppHost(path.join(dir, 'host.sqlite'));
  const login = await request(new URL(host.url).pathname + new URL(host.url).search);
  expect(login.status).toBe(303);
  cookie = String(login.headers['set-cookie']?.[0]).split(';')[0] as string;
});
afterAll(() => host?.close());

describe('the browser host', () => {
  it('listens on the loopback interface only', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('trades its random token for an HttpOnly, SameSite=Strict session cookie', async () => {
    const login = await request(new URL(host.url).pathname + new URL(host.url).search);
    expect(login.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await request('/?token=wrong')).status).toBe(401);
  });

  it('serves the renderer with a strict CSP, and nothing without a session', async () => {
    const page = await request('/', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<div id="root">/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect((await request('/')).status).toBe(401);
  });

  it('answers a call through the same contract as the other doors', async () => {
    const response = await callApi('epci.get', { siren: '200067361' });
    expect(response.status).toBe(200);
    const envelope = JSON.parse(response.body);
    expect(envelope.ok).toBe(true);
    expect(envelope.value.communes).toHaveLength(92);
  });

  it('refuses other Host names (DNS rebinding) and calls without our header or JSON type (CSRF)', async () => {
    const port = new URL(host.origin).port;
    expect((await request('/', { headers: { cookie, host: `evil.example:${port}` } })).status).toBe(421);
    const noHeader = await request('/api/app.info', {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(noHeader.status).toBe(403);
    const foreign = await request('/api/app.info', {
      method: 'POST',
      headers: { ...apiHeaders(), origin: 'https://evil.example' },
      body: '{}',
    });
    expect(JSON.parse(foreign.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('answers bad input with a stable code and a French message, never a crash', async () => {
    const cases: [Promise<{ status: number; body: string }>, number, string][] = [
      [callApi('epci.get', { siren: 'abc' }), 400, 'INVALID_INPUT'],
      [callApi('epci.drop', {}), 404, 'UNKNOWN_METHOD'],
      [callApi('epci.get', { siren: '999999999' }), 404, 'NOT_FOUND'],
      [
        request('/api/app.info', { method: 'POST', headers: apiHeaders(), body: '{not json' }),
        400,
        'INVALID_INPUT',
      ],
      [
        request('/api/app.info', {
          method: 'POST',
          headers: apiHeaders(),
          body: Buffer.alloc(2 * 1024 * 1024, 32),
        }),
        400,
        'INVALID_INPUT',
      ],
    ];
    for (const [response, status, code] of cases) {
      const { status: got, body } = await response;
      expect(got).toBe(status);
      const envelope = JSON.parse(body);
      expect(envelope).toMatchObject({ ok: false, error: { code } });
      expect(envelope.error.message).toMatch(/[A-ZÀ-Ü]/);
    }
    expect((await callApi('app.info', {})).status).toBe(200);
  });

  it('never serves a file outside the built renderer', async () => {
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
    for (const attempt of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2f..%2fpackage.json',
      '/%00index.html',
    ]) {
      const response = await request(attempt, { headers: { cookie } });
      expect(response.status, attempt).toBe(404);
      expect(response.body).not.toMatch(/mednum-admin|secret/);
    }
  });
});
