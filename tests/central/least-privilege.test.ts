import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestCentral } from './backends.ts';
import { addLibrary, client } from './client.ts';
import { commitPatronSet, patron } from './patrons.ts';

/** Patrons reach admins and agents whole; a reader gets what counts need, unless an admin grants more. */
describe.each(backends)('who receives patrons’ personal data ($name)', (backend) => {
  const library = 'lp-figeac';
  let server: Awaited<ReturnType<typeof startTestCentral>>;
  let api: ReturnType<typeof client>;
  const token = async (email: string, password: string) => (await api.login(email, password)).accessToken;

  async function patronsPulled(accessToken: string) {
    const { body } = await api.pull(accessToken, 0, 5000);
    return body.changes.filter((c) => c.table === 'patron').map((c) => c.row as Record<string, unknown>);
  }

  async function patronsInSnapshot(accessToken: string) {
    const response = await fetch(`${server.url}/sync/snapshot`, {
      headers: { ...api.versions, authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(200);
    return gunzipSync(Buffer.from(await response.arrayBuffer()))
      .toString('utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => JSON.parse(line) as { table: string; row: Record<string, unknown> })
      .filter((line) => line.table === 'patron')
      .map((line) => line.row);
  }

  beforeAll(async () => {
    server = await startTestCentral(backend);
    api = client(server.url);
    await server.addUser('controle@lot.fr', 'reader', 'cheval agrafe pile correcte', { personalData: true });
    const agent = await token('agent@lot.fr', 'agent-password');
    await addLibrary(api, agent, library);
    const rows = [1, 2, 3].map((n) => ({
      ...patron(library, n),
      birth_date: '1961-07-14',
      email: `lecteur${n}@exemple.fr`,
    }));
    await commitPatronSet(
      server.url,
      agent,
      { kind: 'import', libraryId: library, mode: 'full', fileName: 'l.csv' },
      rows,
    );
  });
  afterAll(() => server.dispose());

  it('an agent receives them whole, in pulls and snapshots', async () => {
    const agent = await token('agent@lot.fr', 'agent-password');
    for (const rows of [await patronsPulled(agent), await patronsInSnapshot(agent)]) {
      expect(rows).toHaveLength(3);
      expect(rows[0]).toMatchObject({
        last_name: 'Nom1',
        birth_date: '1961-07-14',
        email: 'lecteur1@exemple.fr',
      });
    }
  });

  it('a reader receives no name, birth date or e-mail, and a stable pseudonym for the card', async () => {
    const reader = await token('reader@lot.fr', 'reader-password');
    const pulled = await patronsPulled(reader);
    const snapshot = await patronsInSnapshot(reader);
    for (const rows of [pulled, snapshot]) {
      expect(rows).toHaveLength(3);
      for (const row of rows) {
        expect(row).toMatchObject({
          last_name: '',
          first_name: null,
          birth_date: null,
          email: null,
          name_key: '',
        });
        expect(row.card_number).toMatch(/^masque-[0-9a-f]{12}$/);
        // What counts need stays: library, commune, year of birth, dates, category, status.
        expect(row).toMatchObject({
          library_id: library,
          commune_insee: '46102',
          category: 'adulte',
          registered: 1,
        });
        expect(typeof row.birth_year).toBe('number');
      }
      expect(JSON.stringify(rows)).not.toMatch(/Nom1|Prénom|lecteur1@|1961-07-14|C0000001/);
    }
    // The same pseudonym in both: a reader's PC keeps one row per patron.
    expect(pulled.map((row) => row.card_number).sort()).toEqual(
      snapshot.map((row) => row.card_number).sort(),
    );
  });

  it('a reader an administrator granted it receives them whole; the grant can be withdrawn', async () => {
    const granted = await token('controle@lot.fr', 'cheval agrafe pile correcte');
    expect((await patronsPulled(granted))[0]).toMatchObject({ last_name: 'Nom1' });
    const admin = await token('admin@lot.fr', 'admin-password');
    const users = await api.call<{ users: { id: string; email: string; personalData: boolean }[] }>(
      'GET',
      '/admin/users',
      { token: admin },
    );
    const controle = users.body.users.find((u) => u.email === 'controle@lot.fr');
    expect(controle?.personalData).toBe(true);
    const withdrawn = await api.call('POST', `/admin/users/${controle?.id}/personal-data`, {
      token: admin,
      body: { grant: false },
    });
    expect(withdrawn.body).toMatchObject({ personalData: false });
    expect((await patronsPulled(granted))[0]).toMatchObject({ last_name: '', email: null });
  });
});
