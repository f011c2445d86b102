import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { constants, createGzip } from 'node:zlib';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { PROTOCOL_VERSION, SYNC_SCHEMA_VERSION } from '../../shared/sync/protocol.ts';
import type { CentralContext } from '../context.ts';
import { currentLogVersion } from './log.ts';

const pageSize = 5000;

/**
 * A fresh PC's starting point: gzip of NDJSON, a header `{ protocol, schema, version }` then one line per
 * live row as a `Change` (`deleted: false`), all as of `version` (one REPEATABLE READ transaction: rows
 * written meanwhile come with the next pull from that cursor). Streamed page by page, respecting the
 * client's pace; rows are copied as PostgreSQL's JSON text, never parsed. Fast gzip: the link is a LAN.
 * On PGlite the transaction holds its only connection until the stream ends.
 */
export function streamSnapshot(ctx: CentralContext, log: FastifyBaseLogger): Readable {
  const gzip = createGzip({ level: constants.Z_BEST_SPEED, chunkSize: 256 * 1024 });
  const write = async (text: string) => {
    if (gzip.destroyed) throw new Error('snapshot stream closed by the client');
    if (!gzip.write(text)) await Promise.race([once(gzip, 'drain'), once(gzip, 'close')]);
  };
  void ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const version = await currentLogVersion(trx);
      await write(
        `${JSON.stringify({ protocol: PROTOCOL_VERSION, schema: SYNC_SCHEMA_VERSION, version })}\n`,
      );
      let after = 0;
      for (;;) {
        const page = await sql<{ table_name: string; row_id: string; version: number; data: string }>`
          SELECT table_name, row_id, version, data::text AS data FROM sync_row
          WHERE version > ${after} AND version <= ${version} AND NOT deleted
          ORDER BY version LIMIT ${pageSize}`.execute(trx);
        if (!page.rows.length) break;
        let text = '';
        for (const row of page.rows)
          text += `{"table":${JSON.stringify(row.table_name)},"rowId":${JSON.stringify(row.row_id)},"version":${Number(row.version)},"deleted":false,"row":${row.data}}\n`;
        await write(text);
        after = Number(page.rows[page.rows.length - 1]?.version);
      }
    })
    .then(
      () => gzip.end(),
      (error: unknown) => {
        if (!gzip.destroyed) log.error({ err: error }, 'snapshot failed');
        gzip.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
  return gzip;
}
