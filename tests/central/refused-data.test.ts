import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestCentral } from './backends.ts';
import { addLibrary, client, grandFigeac, mutation } from './client.ts';
import { chunkOf, patron } from './patrons.ts';

/**
 * What the server refuses to store, and how: a row breaking the shared text rule or naming a library it
 * does not hold is rejected with a code and a French reason; a value its database refuses anyway ends
 * rejected too, rolled back — never a 500 that would hold the client's later mutations back for ever.
 */
describe.each(backends)('data the server refuses ($name)', (backend) => {
  let server: Awaited<ReturnType<typeof startTestCentral>>;
  let api: ReturnType<typeof client>;
  let agent: string;

  beforeAll(async () => {
    server = await startTestCentral(backend);
    api = client(server.url);
    agent = (await api.login('agent@lot.fr', 'agent-password')).accessToken;
  });
  afterAll(() => server.dispose());

  const cost = (label: string) => ({
    year: 2026,
    vendor: 'Cantook',
    label,
    pricing: 'flat',
    amount_cents: 10_000,
  });
  const put = (setId: string, chunk: ReturnType<typeof chunkOf>) =>
    fetch(`${server.url}/sync/batches/${setId}/chunks/${chunk.sha256}`, {
      method: 'PUT',
      headers: { ...api.versions, authorization: `Bearer ${agent}`, 'content-encoding': 'gzip' },
      body: Uint8Array.from(chunk.body),
    });
  const commit = (setId: string, body: Record<string, unknown>) =>
    api.call('POST', `/sync/batches/${setId}/commit`, { token: agent, body });
  const outcomes = (body: { results: { status: string; code?: string }[] }) =>
    body.results.map((result) => `${result.status}${result.code ? ` ${result.code}` : ''}`);

  it('a value its database refuses (a NUL in a row id) is rejected DATA_REFUSED; the next mutation applies', async () => {
    const clientId = randomUUID();
    const refused = mutation(1, 'service_cost', 'ligne\u0000nulle', cost('Presse en ligne'));
    const { status, body } = await api.push(agent, clientId, [
      refused,
      mutation(2, 'service_cost', randomUUID(), cost('Vidéo à la demande')),
    ]);
    expect(status).toBe(200);
    expect(outcomes(body)).toEqual(['rejected DATA_REFUSED', 'applied']);
    expect(body.results[0]?.reason).toMatch(/^Valeur refusée par la base du serveur central/);
    expect(body.acceptedThrough).toBe(2);
    // Its result is stored like any other: a retry gets it back, nothing applied twice.
    const again = await api.push(agent, clientId, [refused]);
    expect(outcomes(again.body)).toEqual(['rejected DATA_REFUSED']);
    const labels = (await api.pull(agent, 0)).body.changes.map((change) => change.row?.label);
    expect(labels).toEqual(['Vidéo à la demande']);
  });

  it('text: control characters refused, line breaks only in notes, no half surrogate pair', async () => {
    const { body } = await api.push(agent, randomUUID(), [
      mutation(1, 'contact', randomUUID(), {
        epci_siren: grandFigeac,
        name: 'Jeanne\u0007',
        role: '',
        email: '',
        phone: '',
      }),
      mutation(2, 'contact', randomUUID(), {
        epci_siren: grandFigeac,
        name: 'Jeanne\nMartin',
        role: '',
        email: '',
        phone: '',
      }),
      mutation(3, 'service_cost', randomUUID(), cost('Presse \ud800')),
      mutation(4, 'epci_event', randomUUID(), {
        epci_siren: grandFigeac,
        kind: 'note',
        from_status: null,
        to_status: null,
        note: 'Rappeler lundi.\r\nApporter la convention.\tMerci.',
        at: '2026-11-25T10:00:00.000Z',
        by: 'Anne',
      }),
    ]);
    expect(outcomes(body)).toEqual([
      'rejected INVALID_ROW',
      'rejected INVALID_ROW',
      'rejected INVALID_ROW',
      'applied',
    ]);
    expect(body.results[0]?.reason).toContain('caractère invisible interdit');
    expect(body.results[1]?.reason).toContain('une seule ligne');
    expect(body.results[2]?.reason).toContain('encodage invalide');
  });

  it('a patron chunk with a control character is refused at upload: 400 INVALID_INPUT', async () => {
    await addLibrary(api, agent, 'bib-figeac');
    const response = await put(
      randomUUID(),
      chunkOf([{ ...patron('bib-figeac', 1), last_name: 'Dupont\u0000' }]),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('rows and change sets naming a library the server does not hold: UNKNOWN_REFERENCE', async () => {
    const profile = await api.push(agent, randomUUID(), [
      mutation(1, 'mapping_profile', randomUUID(), {
        library_id: 'bib-inconnue',
        name: 'Export Koha',
        mapping: '{}',
        encoding: null,
      }),
    ]);
    expect(outcomes(profile.body)).toEqual(['rejected UNKNOWN_REFERENCE']);

    // Not only imports: a decision on duplicates carrying a patron of an unknown library is refused whole.
    const setId = randomUUID();
    const chunk = chunkOf([patron('bib-inconnue', 2)]);
    expect((await put(setId, chunk)).status).toBe(201);
    const refused = await commit(setId, { kind: 'duplicates', chunks: [chunk.sha256] });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      message: expect.stringMatching(/^Bibliothèque inconnue/),
    });
  });

  it('a library that patrons still point at is not deleted (ROW_REFERENCED); an unused one is', async () => {
    await addLibrary(api, agent, 'bib-cajarc');
    await addLibrary(api, agent, 'bib-vide');
    const setId = randomUUID();
    const chunk = chunkOf([patron('bib-cajarc', 3)]);
    expect((await put(setId, chunk)).status).toBe(201);
    const imported = await commit(setId, {
      kind: 'import',
      libraryId: 'bib-cajarc',
      mode: 'incremental',
      fileName: 'lecteurs.csv',
      chunks: [chunk.sha256],
    });
    expect(imported.status).toBe(200);

    const { body } = await api.push(agent, randomUUID(), [
      mutation(1, 'library', 'bib-cajarc', {}, 0, 'delete'),
      mutation(2, 'library', 'bib-vide', {}, 0, 'delete'),
    ]);
    expect(outcomes(body)).toEqual(['rejected ROW_REFERENCED', 'applied']);
    expect(body.results[0]?.reason).toContain('ne peut pas être supprimée');
  });
});
