import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { PROTOCOL_VERSION, SYNC_SCHEMA_VERSION } from '../../shared/sync/protocol.ts';
import type { CentralContext } from '../context.ts';
import { currentLogVersion, type LogTransaction } from './log.ts';

/** Versions per page: a bounded range of the version index, whatever the planner's statistics say. */
const pageSpan = 5000;

/**
 * A fresh PC's starting point: gzip of NDJSON, a header `{ protocol, schema, version }` then one line per
 * live row as a `Change` (`deleted: false`), all as of `version` (one REPEATABLE READ transaction: rows
 * written meanwhile come with the next pull from that cursor). Streamed page by page at the client's pace
 * (pipeline backpressure); rows are copied as PostgreSQL's JSON text, never parsed in JavaScript. Fastest gzip level:
 * the link is a LAN. On PGlite the transaction holds its only connection until the stream ends.
 */
export function streamSnapshot(ctx: CentralContext, log: FastifyBaseLogger): Readable {
  const gzip = createGzip({ level: constants.Z_BEST_SPEED, chunkSize: 256 * 1024 });
  void ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => pipeline(Readable.from(lines(trx)), gzip))
    .catch((error: unknown) => {
      // A client that hangs up mid-stream is not a server error.
      if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        log.error({ err: error }, 'snapshot failed');
      gzip.destroy();
    });
  return gzip;
}

async function* lines(trx: LogTransaction): AsyncGenerator<string> {
  const version = await currentLogVersion(trx);
  yield `${JSON.stringify({ protocol: PROTOCOL_VERSION, schema: SYNC_SCHEMA_VERSION, version })}\n`;
  for (let after = 0; after < version; after += pageSpan) {
    // PostgreSQL writes the lines itself (one string per page): a third faster on PGlite than handing
    // over 5,000 rows to join in JavaScript.
    const page = await sql<{ text: string | null }>`
      SELECT string_agg(
        '{"table":' || to_json(table_name)::text || ',"rowId":' || to_json(row_id)::text
          || ',"version":' || version || ',"deleted":false,"row":' || data::text || E'}\n',
        '' ORDER BY version) AS text
      FROM sync_row
      WHERE version > ${after} AND version <= ${Math.min(after + pageSpan, version)} AND NOT deleted`.execute(
      trx,
    );
    const text = page.rows[0]?.text;
    if (text) yield text;
  }
}
