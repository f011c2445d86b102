/**
 * `npx tsx tests/central/snapshot-bench.ts [patrons]` (DATABASE_URL → PostgreSQL, else PGlite): uploads an
 * import of N patrons (default 200,000) in 5,000-row chunks, commits it, then times a fresh PC's snapshot
 * download (HTTP + gunzip + one JSON.parse per line). Prints the figures.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { backends, startTestCentral } from './backends.ts';
import { client } from './client.ts';
import { chunkOf, patron } from './patrons.ts';

const total = Number(process.argv[2] ?? 200_000);
const backend =
  backends.find((b) => b.name === (process.env.DATABASE_URL ? 'postgres' : 'pglite')) ?? backends[0];
if (!backend) throw new Error('no backend');
const server = await startTestCentral(backend);
try {
  const api = client(server.url);
  const token = (await api.login('agent@lot.fr', 'agent-password')).accessToken;
  const batchId = randomUUID();
  const hashes: string[] = [];
  let started = performance.now();
  for (let from = 0; from < total; from += 5000) {
    const rows = Array.from({ length: Math.min(5000, total - from) }, (_, i) =>
      patron('lib-bench', from + i),
    );
    const chunk = chunkOf(rows);
    const response = await fetch(`${server.url}/sync/batches/${batchId}/chunks/${chunk.sha256}`, {
      method: 'PUT',
      headers: { ...api.versions, authorization: `Bearer ${token}`, 'content-encoding': 'gzip' },
      body: Uint8Array.from(chunk.body),
    });
    if (!response.ok) throw new Error(`chunk ${response.status} ${await response.text()}`);
    hashes.push(chunk.sha256);
  }
  const uploaded = performance.now() - started;
  started = performance.now();
  const commit = await api.call('POST', `/sync/batches/${batchId}/commit`, {
    token,
    body: { kind: 'import', libraryId: 'lib-bench', mode: 'full', fileName: 'bench.csv', chunks: hashes },
  });
  if (commit.status !== 200) throw new Error(`commit ${commit.status} ${JSON.stringify(commit.body)}`);
  const committed = performance.now() - started;

  started = performance.now();
  const response = await fetch(`${server.url}/sync/snapshot`, {
    headers: { ...api.versions, authorization: `Bearer ${token}` },
  });
  let compressed = 0;
  let uncompressed = 0;
  let lines = 0;
  const body = Readable.fromWeb(response.body as never).on('data', (chunk: Buffer) => {
    compressed += chunk.length;
  });
  const gunzip = body.pipe(createGunzip()).on('data', (chunk: Buffer) => {
    uncompressed += chunk.length;
  });
  for await (const line of createInterface({ input: gunzip, crlfDelay: Number.POSITIVE_INFINITY })) {
    JSON.parse(line);
    lines++;
  }
  const snapshot = performance.now() - started;
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  console.log(
    JSON.stringify({
      backend: backend.name,
      patrons: total,
      uploadSeconds: +(uploaded / 1000).toFixed(2),
      commitSeconds: +(committed / 1000).toFixed(2),
      snapshotSeconds: +(snapshot / 1000).toFixed(2),
      snapshotLines: lines,
      snapshotGzipMB: +mb(compressed),
      snapshotJsonMB: +mb(uncompressed),
    }),
  );
} finally {
  await server.dispose();
}
