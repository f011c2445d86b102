import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { batchCommitSchema } from '../../shared/sync/protocol.ts';
import type { CentralContext } from '../context.ts';
import { authenticate, editors } from '../http/authenticate.ts';
import { HttpError, parse } from '../http/errors.ts';
import { commitBatch, storeChunk } from './batches.ts';
import { limitSnapshotReader, type SnapshotFormat, streamSnapshot } from './snapshot.ts';

const batchParams = z.object({ batchId: z.string().min(1).max(64) });
/** Which snapshot format the desktop reads (snapshot.ts); one that does not ask reads the first. */
const snapshotQuery = z.object({ format: z.coerce.number().int().min(1).max(2).default(1) });
const chunkParams = batchParams.extend({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'Empreinte sha256 attendue.'),
});

export function batchRoutes(app: FastifyInstance, ctx: CentralContext): void {
  // Chunks arrive gzipped (Content-Encoding: gzip, whatever the Content-Type) and are hashed once
  // unpacked: this route reads its body as raw bytes, in its own plugin so other routes still parse JSON.
  app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    raw.put(
      '/sync/batches/:batchId/chunks/:sha256',
      // Compressed: a desktop's chunk (5,000 patrons) is some 300 KB; its unpacked size is capped apart.
      { bodyLimit: 16 * 1024 * 1024 },
      async (request, reply) => {
        await authenticate(ctx, request, editors);
        const { batchId, sha256 } = parse(chunkParams, request.params);
        const body = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
        const stored = await storeChunk(ctx, batchId, sha256, body);
        return reply.status(stored ? 201 : 200).send({ stored });
      },
    );
  });
  app.post('/sync/batches/:batchId/commit', async (request) => {
    const caller = await authenticate(ctx, request, editors);
    const { batchId } = parse(batchParams, request.params);
    return commitBatch(ctx, caller, batchId, parse(batchCommitSchema, request.body));
  });
  const downloading = new Map<string, number>();
  app.get('/sync/snapshot', async (request, reply) => {
    const caller = await authenticate(ctx, request);
    const { format } = parse(snapshotQuery, request.query);
    const running = downloading.get(caller.id) ?? 0;
    if (running >= ctx.limits.snapshotsPerUser)
      throw new HttpError(
        429,
        'TOO_MANY_SNAPSHOTS',
        'Trop de téléchargements d’instantané en cours pour ce compte : réessayez quand ils seront finis.',
      );
    downloading.set(caller.id, running + 1);
    const stream = streamSnapshot(ctx, request.log, caller.seesPersonalData, format as SnapshotFormat);
    limitSnapshotReader(stream, reply.raw, ctx.limits, () => {
      const left = (downloading.get(caller.id) ?? 1) - 1;
      if (left > 0) downloading.set(caller.id, left);
      else downloading.delete(caller.id);
    });
    // application/gzip, no Content-Encoding: the body IS the gzip file; clients gunzip it themselves.
    return reply.header('content-type', 'application/gzip').send(stream);
  });
}
