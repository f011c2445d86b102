import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BatchCommitResult,
  changeSchema,
  PROTOCOL_VERSION,
  SYNC_SCHEMA_VERSION,
} from '../../shared/sync/protocol.ts';
import { backends, startTestCentral } from './backends.ts';
import { addLibrary, client, grandFigeac, mutation } from './client.ts';
import { chunkOf, patron } from './patrons.ts';

describe.each(backends)('import batches and snapshot ($name)', (backend) => {
  let server: Awaited<ReturnType<typeof startTestCentral>>;
  let api: ReturnType<typeof client>;
  let agent: string;
  let reader: string;
  const library = 'lib-figeac';

  beforeAll(async () => {
    server = await startTestCentral(backend);
    api = client(server.url);
    agent = (await api.login('agent@lot.fr', 'agent-password')).accessToken;
    reader = (await api.login('reader@lot.fr', 'reader-password')).accessToken;
    await addLibrary(api, agent, library);
  });
  afterAll(() => server.dispose());

  /** PUT as the desktop sends it: gzip body, Content-Encoding: gzip, JSON content type. */
  const put = (batchId: string, sha256: string, body: Buffer, token = agent) =>
    fetch(`${server.url}/sync/batches/${batchId}/chunks/${sha256}`, {
      method: 'PUT',
      headers: {
        ...api.versions,
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      body: Uint8Array.from(body),
    });

  it('stores content-addressed chunks; a duplicated chunk is a no-op; a commit applies them once', async () => {
    const batchId = randomUUID();
    const rows = Array.from({ length: 30 }, (_, i) => patron(library, i));
    const [one, two] = [chunkOf(rows.slice(0, 20)), chunkOf(rows.slice(20))];
    const chunks = [one, two];
    const first = await put(batchId, one.sha256, one.body);
    expect(first.status).toBe(201);
    const duplicate = await put(batchId, one.sha256, one.body);
    expect(duplicate.status).toBe(200);
    expect(await duplicate.json()).toEqual({ stored: false });

    const commit = {
      kind: 'import',
      libraryId: library,
      mode: 'incremental',
      fileName: 'export.csv',
      chunks: chunks.map((c) => c.sha256),
    };
    const incomplete = await api.call('POST', `/sync/batches/${batchId}/commit`, {
      token: agent,
      body: commit,
    });
    expect(incomplete.status).toBe(409);
    expect(incomplete.body).toMatchObject({ code: 'BATCH_INCOMPLETE', missing: [two.sha256] });

    expect((await put(batchId, two.sha256, two.body)).status).toBe(201);
    const before = (await api.pull(agent, 0)).body.cursor;
    const done = await api.call<BatchCommitResult>('POST', `/sync/batches/${batchId}/commit`, {
      token: agent,
      body: commit,
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ batchId, rows: 30, created: 30, updated: 0, version: before + 31 });
    const again = await api.call('POST', `/sync/batches/${batchId}/commit`, { token: agent, body: commit });
    expect(again.body).toEqual(done.body);
    // A chunk retried after the commit changes nothing either.
    expect((await put(batchId, two.sha256, two.body)).status).toBe(200);

    const pulled = (await api.pull(agent, before, 5000)).body.changes;
    expect(pulled).toHaveLength(31);
    expect(pulled.filter((c) => c.table === 'patron').map((c) => c.row?.card_number)).toEqual(
      rows.map((r) => r.card_number),
    );
    expect(pulled.at(-1)).toMatchObject({
      table: 'import_batch',
      rowId: batchId,
      row: { created: 30, file_name: 'export.csv' },
    });
  });

  it('updates patrons a later batch carries again', async () => {
    const rows = [patron(library, 900), patron(library, 901)];
    const one = chunkOf(rows);
    const firstBatch = randomUUID();
    await put(firstBatch, one.sha256, one.body);
    const commit = (chunks: string[]) => ({
      kind: 'import',
      libraryId: library,
      mode: 'full',
      fileName: 'b.csv',
      chunks,
    });
    await api.call('POST', `/sync/batches/${firstBatch}/commit`, {
      token: agent,
      body: commit([one.sha256]),
    });
    const changed = chunkOf([{ ...rows[0], registered: 0 }]);
    const second = randomUUID();
    await put(second, changed.sha256, changed.body);
    const result = await api.call('POST', `/sync/batches/${second}/commit`, {
      token: agent,
      body: commit([changed.sha256]),
    });
    expect(result.body).toMatchObject({ rows: 1, created: 0, updated: 1 });
  });

  it('keeps one card number per library: the batch committed last wins, the other id becomes a tombstone first', async () => {
    const library2 = 'lib-gourdon';
    await addLibrary(api, agent, library2);
    const fromPc1 = [patron(library2, 1), patron(library2, 2)];
    const fromPc2 = [{ ...patron(library2, 2), last_name: 'Autre poste' }, patron(library2, 3)];
    const commit = (chunk: { sha256: string }) => ({
      kind: 'import',
      libraryId: library2,
      mode: 'incremental',
      fileName: 'g.csv',
      chunks: [chunk.sha256],
    });
    const [c1, c2] = [chunkOf(fromPc1), chunkOf(fromPc2)];
    const [b1, b2] = [randomUUID(), randomUUID()];
    await put(b1, c1.sha256, c1.body);
    await put(b2, c2.sha256, c2.body);
    await api.call('POST', `/sync/batches/${b1}/commit`, { token: agent, body: commit(c1) });
    const cursor = (await api.pull(agent, 0, 5000)).body.cursor;
    const second = await api.call('POST', `/sync/batches/${b2}/commit`, { token: agent, body: commit(c2) });
    expect(second.body).toMatchObject({ rows: 2, created: 2, replaced: 1 });
    const changes = (await api.pull(agent, cursor)).body.changes;
    expect(changes.map((c) => [c.rowId, c.deleted])).toEqual([
      [fromPc1[1]?.id, true],
      [fromPc2[0]?.id, false],
      [fromPc2[1]?.id, false],
      [b2, false],
    ]);
    const doubled = chunkOf([patron(library2, 7), { ...patron(library2, 7) }]);
    const b3 = randomUUID();
    await put(b3, doubled.sha256, doubled.body);
    const refused = await api.call('POST', `/sync/batches/${b3}/commit`, {
      token: agent,
      body: commit(doubled),
    });
    expect(refused.status).toBe(400);
  });

  it('refuses a chunk whose hash does not match, a malformed one, and any upload from a reader', async () => {
    const batchId = randomUUID();
    const chunk = chunkOf([patron(library, 1)]);
    const other = chunkOf([patron(library, 2)]);
    const mismatch = await put(batchId, other.sha256, chunk.body);
    expect(mismatch.status).toBe(400);
    expect((await mismatch.json()).code).toBe('CHUNK_HASH_MISMATCH');
    const bad = chunkOf([{ ...patron(library, 3), shoe_size: 42 }]);
    expect((await put(batchId, bad.sha256, bad.body)).status).toBe(400);
    expect((await put(batchId, chunk.sha256, Buffer.from('not gzip'))).status).toBe(400);
    expect((await put(batchId, chunk.sha256, chunk.body, reader)).status).toBe(403);
  });

  it('streams a gzip NDJSON snapshot: a header with its version, then every live row as a Change', async () => {
    const clientId = randomUUID();
    await api.push(agent, clientId, [
      mutation(1, 'contact', 'snap-live', {
        epci_siren: grandFigeac,
        name: 'Vivant',
        role: '',
        email: '',
        phone: '',
      }),
      mutation(2, 'contact', 'snap-dead', {
        epci_siren: grandFigeac,
        name: 'Supprimé',
        role: '',
        email: '',
        phone: '',
      }),
      mutation(3, 'contact', 'snap-dead', {}, 0, 'delete'),
    ]);
    const cursor = (await api.pull(agent, 0, 5000)).body;
    const response = await fetch(`${server.url}/sync/snapshot`, {
      headers: { ...api.versions, authorization: `Bearer ${reader}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/gzip');
    const lines = gunzipSync(Buffer.from(await response.arrayBuffer()))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toEqual({
      protocol: PROTOCOL_VERSION,
      schema: SYNC_SCHEMA_VERSION,
      version: cursor.cursor,
    });
    const changes = lines.slice(1).map((line) => changeSchema.parse(line));
    expect(changes.some((c) => c.rowId === 'snap-live')).toBe(true);
    expect(changes.some((c) => c.rowId === 'snap-dead')).toBe(false);
    expect(changes.filter((c) => c.table === 'patron').length).toBe(35); // 30 + 2 + 3 live ones
    const versions = changes.map((c) => c.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(Math.max(...versions)).toBeLessThanOrEqual(cursor.cursor);
  });

  it('says the same snapshot in format 2: each line an array, a patron its values in the header’s column order', async () => {
    const read = async (token: string, query: string) => {
      const response = await fetch(`${server.url}/sync/snapshot${query}`, {
        headers: { ...api.versions, authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      return gunzipSync(Buffer.from(await response.arrayBuffer()))
        .toString('utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
    };
    // The reader's patrons are masked in SQL, the agent's whole: both go through the compact lines.
    for (const token of [reader, agent]) {
      const [first, ...changes] = await read(token, '');
      const [header, ...lines] = await read(token, '?format=2');
      expect(header).toEqual({ ...first, format: 2, patronColumns: expect.any(Array) });
      expect([...header.patronColumns].sort()).toEqual(
        Object.keys(changes.find((c) => c.table === 'patron').row).sort(),
      );
      const compact = lines.filter((line) => Array.isArray(line[3]));
      expect(compact).toHaveLength(35);
      expect(compact.every((line) => line[0] === 'patron')).toBe(true);
      const decoded = lines.map(([table, rowId, version, row]) => ({
        table,
        rowId,
        version,
        deleted: false,
        row: Array.isArray(row)
          ? Object.fromEntries(header.patronColumns.map((column: string, i: number) => [column, row[i]]))
          : row,
      }));
      expect(decoded).toEqual(changes);
    }
    expect(
      (
        await fetch(`${server.url}/sync/snapshot?format=3`, {
          headers: { ...api.versions, authorization: `Bearer ${agent}` },
        })
      ).status,
    ).toBe(400);
  });
});
