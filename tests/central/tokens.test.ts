import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT, UnsecuredJWT } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openContext } from '../../central/app.ts';
import { KeyConfigError } from '../../central/auth/private-file.ts';
import { loadSigningKeys, rotateSigningKeys } from '../../central/auth/signing-keys.ts';
import { runCentralCli } from '../../central/cli.ts';
import { backends, startTestCentral } from './backends.ts';
import { client } from './client.ts';

/** Every file and folder under `dir` whose mode lets another account in. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const walk = (target: string) => {
    const stat = fs.lstatSync(target);
    if (stat.mode & 0o077) found.push(`${target} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of fs.readdirSync(target)) walk(path.join(target, name));
  };
  walk(dir);
  return found;
}

describe.each(backends)('access tokens, signing keys and the data folder ($name)', (backend) => {
  let clock = Date.parse('2026-12-01T09:00:00Z');
  const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-keys-')), 'cles.json');
  let server: Awaited<ReturnType<typeof startTestCentral>>;
  let api: ReturnType<typeof client>;
  const me = (token: string) => api.call('GET', '/auth/me', { token });
  const currentKey = () => loadSigningKeys({ keyFile, now: new Date(clock) }).current;

  beforeAll(async () => {
    server = await startTestCentral(backend, { now: () => new Date(clock), keyFile });
    api = client(server.url);
  });
  afterAll(async () => {
    await server.dispose();
    fs.rmSync(path.dirname(keyFile), { recursive: true, force: true });
  });

  it('keeps the signing key in a 0600 file, never in the database', async () => {
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const session = await api.login('agent@lot.fr', 'agent-password');
    await server.close();
    const { ctx, database } = await openContext({ ...server.options, keyFile });
    try {
      const tables = await sql<{ name: string }>`
        SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`.execute(
        ctx.db,
      );
      expect(tables.rows.map((t) => t.name)).not.toContain('server_secret');
      const secret = Buffer.from(currentKey().secret).toString('hex');
      for (const { name } of tables.rows) {
        const dump = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(name)} t`.execute(
          ctx.db,
        );
        expect(dump.rows.some((r) => r.row.includes(secret))).toBe(false);
      }
    } finally {
      await database.close();
      await server.restart();
    }
    expect((await me(session.accessToken)).status).toBe(200);
  });

  it('refuses a token signed with a guessed key, with alg none, or with the right key and a year of life', async () => {
    const session = await api.login('agent@lot.fr', 'agent-password');
    const [, payload] = session.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const now = Math.floor(clock / 1000);
    const guessed = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: currentKey().kid })
      .sign(randomBytes(32));
    const unsigned = new UnsecuredJWT(claims).encode();
    const yearLong = await new SignJWT({ ...claims, exp: now + 365 * 86_400 })
      .setProtectedHeader({ alg: 'HS256', kid: currentKey().kid })
      .sign(currentKey().secret);
    const futureIssued = await new SignJWT({ ...claims, iat: now + 3600, exp: now + 3600 + 600 })
      .setProtectedHeader({ alg: 'HS256', kid: currentKey().kid })
      .sign(currentKey().secret);
    for (const token of [guessed, unsigned, yearLong, futureIssued]) {
      const answer = await me(token);
      expect(answer.status).toBe(401);
      expect(answer.body.code).toBe('UNAUTHENTICATED');
    }
    expect((await me(session.accessToken)).status).toBe(200);
  });

  it('refuses an expired token', async () => {
    const session = await api.login('agent@lot.fr', 'agent-password');
    clock += 16 * 60_000;
    expect((await me(session.accessToken)).status).toBe(401);
  });

  it('ends every access token of a session at logout and when a refresh token is reused', async () => {
    const loggedOut = await api.login('agent@lot.fr', 'agent-password');
    expect((await me(loggedOut.accessToken)).status).toBe(200);
    await api.call('POST', '/auth/logout', { body: { refreshToken: loggedOut.refreshToken } });
    expect((await me(loggedOut.accessToken)).status).toBe(401);

    const stolen = await api.login('agent@lot.fr', 'agent-password');
    const renewed = await api.call('POST', '/auth/refresh', { body: { refreshToken: stolen.refreshToken } });
    expect(renewed.status).toBe(200);
    clock += 2 * 60_000; // past the grace of a lost answer: presenting the old token again is reuse
    const reuse = await api.call('POST', '/auth/refresh', { body: { refreshToken: stolen.refreshToken } });
    expect(reuse.status).toBe(401);
    expect((await me(stolen.accessToken)).status).toBe(401);
    expect((await me(renewed.body.accessToken as string)).status).toBe(401);
  });

  it('after « key rotate », signs with the new key, verifies with the old one until it is dropped', async () => {
    const before = await api.login('agent@lot.fr', 'agent-password');
    const oldKid = currentKey().kid;
    const said = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await runCentralCli(['key', 'rotate', '--key-file', keyFile])).toBe(0);
      expect(String(said.mock.calls[0]?.[0])).toContain('Nouvelle clé de signature');
    } finally {
      said.mockRestore();
    }
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    await server.restart();
    const after = await api.login('agent@lot.fr', 'agent-password');
    const kidOf = (token: string) =>
      (JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()) as { kid: string }).kid;
    expect(kidOf(after.accessToken)).not.toBe(oldKid);
    expect((await me(before.accessToken)).status).toBe(200);
    // The old key gone from the file (as a later rotation does once its tokens have expired).
    const stored = JSON.parse(fs.readFileSync(keyFile, 'utf8')) as { keys: { kid: string }[] };
    fs.writeFileSync(keyFile, JSON.stringify({ keys: stored.keys.filter((k) => k.kid !== oldKid) }), {
      mode: 0o600,
    });
    await server.restart();
    expect((await me(before.accessToken)).status).toBe(401);
    expect((await me(after.accessToken)).status).toBe(200);
  });

  it('deletes sign-in records (auth_audit) older than 400 days at start', async () => {
    const countAudit = async () => {
      await server.close();
      const { ctx, database } = await openContext({ ...server.options, keyFile, now: () => new Date(clock) });
      try {
        const row = await ctx.db
          .selectFrom('auth_audit')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow();
        return Number(row.n);
      } finally {
        await database.close();
      }
    };
    expect(await countAudit()).toBeGreaterThan(0);
    clock += 401 * 86_400_000;
    expect(await countAudit()).toBe(0);
    await server.restart();
    await api.login('agent@lot.fr', 'agent-password');
  });

  it.runIf(backend.name === 'pglite')(
    'creates the PGlite folder 0700 and every file in it 0600',
    async () => {
      const dataDir = server.options.dataDir as string;
      await api.login('agent@lot.fr', 'agent-password');
      await server.restart();
      expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(openToOthers(dataDir)).toEqual([]);
    },
  );
});

describe('signing keys outside the database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-keys-'));
  const now = new Date('2026-12-01T09:00:00Z');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const refusal = (load: () => unknown) => {
    try {
      load();
    } catch (error) {
      expect(error).toBeInstanceOf(KeyConfigError);
      return (error as KeyConfigError).code;
    }
    throw new Error('accepted');
  };

  it('takes MEDNUM_TOKEN_KEY of 32 bytes or more, refuses a shorter one, and rotates it only where it is kept', () => {
    const secret = randomBytes(32);
    const keys = loadSigningKeys({ env: { MEDNUM_TOKEN_KEY: secret.toString('base64url') }, now });
    expect(Buffer.from(keys.current.secret).equals(secret)).toBe(true);
    expect(keys.source.kind).toBe('env');
    expect(refusal(() => rotateSigningKeys(keys, now))).toBe('KEY_ROTATE_FROM_ENV');
    const short = { MEDNUM_TOKEN_KEY: randomBytes(31).toString('base64url') };
    expect(refusal(() => loadSigningKeys({ env: short, now }))).toBe('TOKEN_KEY_TOO_SHORT');
  });

  it('refuses a key file other accounts can read, or one that is not a key file', () => {
    const keyFile = path.join(dir, 'ouvert.json');
    loadSigningKeys({ keyFile, now });
    fs.chmodSync(keyFile, 0o644);
    expect(refusal(() => loadSigningKeys({ keyFile, now }))).toBe('KEY_FILE_OPEN_TO_OTHERS');
    fs.chmodSync(keyFile, 0o600);
    fs.writeFileSync(keyFile, '{"keys": "non"}');
    expect(refusal(() => loadSigningKeys({ keyFile, now }))).toBe('KEY_FILE_UNREADABLE');
  });

  it('drops a retired key once every token it signed has expired', () => {
    const keyFile = path.join(dir, 'rotation.json');
    const first = loadSigningKeys({ keyFile, now }).current.kid;
    const rotated = rotateSigningKeys(loadSigningKeys({ keyFile, now }), now);
    expect([...rotated.byKid.keys()]).toContain(first);
    const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    expect(loadSigningKeys({ keyFile, now: at(15) }).byKid.has(first)).toBe(true);
    expect(loadSigningKeys({ keyFile, now: at(17) }).byKid.has(first)).toBe(false);
    const again = rotateSigningKeys(loadSigningKeys({ keyFile, now: at(17) }), at(17));
    expect(again.byKid.has(first)).toBe(false);
    expect(again.byKid.has(rotated.current.kid)).toBe(true);
  });
});
