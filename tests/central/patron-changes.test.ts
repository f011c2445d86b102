import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchCommitResult, PROTOCOL_VERSION } from '../../shared/sync/protocol.ts';
import { backends, startTestCentral } from './backends.ts';
import { addLibrary, client } from './client.ts';
import { chunkOf, patron } from './patrons.ts';

describe.each(backends)('patron change sets: undo, duplicates, purge ($name)', (backend) => {
  let server: Awaited<ReturnType<typeof startTestCentral>>;
  let api: ReturnType<typeof client>;
  let agent: string;
  let reader: string;
  const library = 'lib-cajarc';

  beforeAll(async () => {
    server = await startTestCentral(backend);
    api = client(server.url);
    agent = (await api.login('agent@lot.fr', 'agent-password')).accessToken;
    reader = (await api.login('reader@lot.fr', 'reader-password')).accessToken;
    await addLibrary(api, agent, library);
  });
  afterAll(() => server.dispose());

  const put = (setId: string, chunk: { sha256: string; body: Buffer }, token = agent) =>
    fetch(`${server.url}/sync/batches/${setId}/chunks/${chunk.sha256}`, {
      method: 'PUT',
      headers: {
        ...api.versions,
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      body: Uint8Array.from(chunk.body),
    });
  const commit = (setId: string, body: Record<string, unknown>, token = agent) =>
    api.call<BatchCommitResult>('POST', `/sync/batches/${setId}/commit`, { token, body });

  /** An import of `rows` committed through the protocol; returns its batch id. */
  async function imported(rows: ReturnType<typeof patron>[]) {
    const batchId = randomUUID();
    const chunk = chunkOf(rows);
    await put(batchId, chunk);
    const done = await commit(batchId, {
      kind: 'import',
      libraryId: library,
      mode: 'incremental',
      fileName: 'cajarc.csv',
      chunks: [chunk.sha256],
    });
    expect(done.status).toBe(200);
    return batchId;
  }
  const cursorNow = async () => (await api.pull(agent, 0, 5000)).body.cursor;
  const changesSince = async (cursor: number) => (await api.pull(agent, cursor, 5000)).body.changes;

  it('an undo deletes, restores and marks the batch undone, in that order; committed twice it applies once', async () => {
    const kept = patron(library, 1);
    const batchId = await imported([kept, patron(library, 2)]);
    const created = patron(library, 3);
    await imported([created]);
    const before = await cursorNow();

    const restored = { ...kept, email: 'rendu@cajarc.fr', updated_at: '2026-11-26T10:00:00.000Z' };
    const setId = randomUUID();
    const rows = chunkOf([restored]);
    const deletions = chunkOf([], [created.id, 'never-uploaded']);
    expect((await put(setId, rows)).status).toBe(201);
    expect((await put(setId, deletions)).status).toBe(201);
    // A duplicated chunk is a no-op.
    expect((await put(setId, deletions)).status).toBe(200);
    const body = { kind: 'undo', batchId, chunks: [rows.sha256, deletions.sha256] };
    const [first, second] = await Promise.all([commit(setId, body), commit(setId, body)]);
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(first.body).toMatchObject({ rows: 2, updated: 1, deleted: 1, skipped: 1, version: before + 3 });
    expect((await commit(setId, body)).body).toEqual(first.body);

    const changes = await changesSince(before);
    expect(changes.map((c) => [c.table, c.rowId, c.deleted])).toEqual([
      ['patron', created.id, true],
      ['patron', kept.id, false],
      ['import_batch', batchId, false],
    ]);
    expect(changes[1]?.row).toMatchObject({ email: 'rendu@cajarc.fr' });
    expect(changes[2]?.row).toMatchObject({ undone_by: 'agent@lot.fr', undone_at: expect.any(String) });
  });

  it('a duplicate decision or a purge never brings back a patron already deleted on the server', async () => {
    const [one, two] = [patron(library, 10), patron(library, 11)];
    await imported([one, two]);
    const purge = randomUUID();
    const deletion = chunkOf([], [one.id]);
    await put(purge, deletion);
    expect((await commit(purge, { kind: 'purge', chunks: [deletion.sha256] })).body).toMatchObject({
      deleted: 1,
    });
    const before = await cursorNow();
    // Made on another PC that had not pulled the purge yet.
    const decision = randomUUID();
    const rows = chunkOf([
      { ...one, duplicate_status: 'confirmed' },
      { ...two, duplicate_of: one.id, duplicate_status: 'confirmed' },
    ]);
    await put(decision, rows);
    const result = await commit(decision, { kind: 'duplicates', chunks: [rows.sha256] });
    expect(result.body).toMatchObject({ updated: 1, skipped: 1 });
    expect((await changesSince(before)).map((c) => [c.rowId, c.deleted])).toEqual([[two.id, false]]);
  });

  it('an undo of a batch the server does not hold is refused whole', async () => {
    const one = patron(library, 20);
    await imported([one]);
    const before = await cursorNow();
    const setId = randomUUID();
    const deletion = chunkOf([], [one.id]);
    await put(setId, deletion);
    const refused = await commit(setId, { kind: 'undo', batchId: randomUUID(), chunks: [deletion.sha256] });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await changesSince(before)).toEqual([]);
  });

  it('refuses an import chunk that deletes, a set naming a patron twice, and any change set from a reader', async () => {
    const setId = randomUUID();
    const deletion = chunkOf([], ['x']);
    await put(setId, deletion);
    const importing = await commit(setId, {
      kind: 'import',
      libraryId: library,
      mode: 'full',
      fileName: 'f.csv',
      chunks: [deletion.sha256],
    });
    expect(importing.status).toBe(400);

    const twice = randomUUID();
    const one = patron(library, 30);
    const both = chunkOf([one], [one.id]);
    await put(twice, both);
    expect((await commit(twice, { kind: 'purge', chunks: [both.sha256] })).status).toBe(400);

    const fromReader = randomUUID();
    const refusedChunk = await put(fromReader, deletion, reader);
    expect(refusedChunk.status).toBe(403);
    expect((await refusedChunk.json()).code).toBe('FORBIDDEN');
    const refusedCommit = await commit(fromReader, { kind: 'purge', chunks: [] }, reader);
    expect(refusedCommit.status).toBe(403);
    expect(refusedCommit.body).toMatchObject({ code: 'FORBIDDEN' });
    // An unknown kind is bad input, in French.
    expect((await commit(randomUUID(), { kind: 'merge', chunks: [] })).body).toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('tells a desktop of protocol 1 (which would keep undos and purges to itself) to update', async () => {
    const old = await fetch(`${server.url}/sync/pull?cursor=0`, {
      headers: {
        ...api.versions,
        'x-mednum-protocol': String(PROTOCOL_VERSION - 1),
        authorization: `Bearer ${agent}`,
      },
    });
    expect(old.status).toBe(426);
    expect((await old.json()).code).toBe('CLIENT_TOO_OLD');
  });
});
