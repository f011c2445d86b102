import type { ServerResponse } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { PROTOCOL_VERSION, SYNC_SCHEMA_VERSION } from '../../shared/sync/protocol.ts';
import type { CentralContext, CentralLimits } from '../context.ts';
import { currentLogVersion, type LogTransaction } from './log.ts';
import { maskedPatronSql } from './personal-data.ts';
import { patronRowSchema } from './tables.ts';

/**
 * Versions per page: a bounded range of the version index, whatever the planner's statistics say, and a
 * query short enough (tens of milliseconds) that PGlite, which runs on the event loop, lets others in.
 */
const pageSpan = 2000;

/**
 * The snapshot's line formats (PROTOCOL.md, `GET /sync/snapshot`): 1, the first, what a desktop that does
 * not ask gets; 2, compact, each line an array and a patron's row its values in `patronColumns` order.
 */
export type SnapshotFormat = 1 | 2;

/** The columns a patron row carries (tables.ts): a format-2 line gives a patron with these values only. */
const patronColumns = Object.keys(patronRowSchema.shape);

/**
 * A fresh PC's starting point: gzip of NDJSON, a header `{ protocol, schema, version }` then one line per
 * live row as a `Change` (`deleted: false`), all as of `version` (one REPEATABLE READ transaction: rows
 * written meanwhile come with the next pull from that cursor). Rows are copied as PostgreSQL's JSON text,
 * never parsed in JavaScript. Fastest gzip level: the link is a LAN. Format 2 says the same in half the
 * bytes (a patron's values without their names): half the work at each end of the link.
 *
 * Produced at the server's pace, not the client's: the compressed lines wait in memory (a département's
 * snapshot is some megabytes) while the client downloads them, so the transaction — on PGlite the
 * service's only connection, on PostgreSQL a pool slot — ends as soon as the rows are read, whatever the
 * client does. The client may start reading at once.
 */
export function streamSnapshot(
  ctx: CentralContext,
  log: FastifyBaseLogger,
  personalData: boolean,
  format: SnapshotFormat = 1,
): Readable {
  const gzip = createGzip({ level: constants.Z_BEST_SPEED, chunkSize: 256 * 1024 });
  const spool = new PassThrough({ highWaterMark: spoolBytes });
  void generating
    .run(() =>
      ctx.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute((trx) => pipeline(Readable.from(lines(trx, personalData, format)), gzip, spool)),
    )
    .catch((error: unknown) => {
      // A client that hangs up mid-stream, or is cut for reading too slowly, is not a server error.
      const code = (error as { code?: string }).code;
      if (code === 'SNAPSHOT_CUT') log.warn({ reason: (error as Error).message }, 'snapshot cut');
      else if (code !== 'ERR_STREAM_PREMATURE_CLOSE') log.error({ err: error }, 'snapshot failed');
      spool.destroy();
    });
  return spool;
}

/**
 * One snapshot produced at a time, whoever asks: it takes a core while it runs (the database's JSON, gzip;
 * PGlite on this very event loop), and the service must keep answering the others (and /health) on the
 * other one. The rest wait their turn, holding nothing; each takes seconds for a whole département.
 */
const generating = limiter(1);

function limiter(slots: number) {
  let free = slots;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (free > 0) free -= 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await work();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else free += 1;
      }
    },
  };
}

/** Never reached by a real snapshot: the spool never pushes back on the transaction. */
const spoolBytes = 1024 * 1024 * 1024;

/**
 * One line per row, as PostgreSQL's text over `r` (the row's JSON as the caller may see it): format 1
 * `{"table", "rowId", "version", "deleted": false, "row"}`; format 2 `[table, rowId, version, row]`, a
 * patron's row the array of its values when it holds exactly `patronColumns` (a row stored without one
 * keeps its object, so the desktop gives the missing column its default as format 1 does). The values
 * come in the order jsonb keeps an object's keys, the header's `patronColumns` as PostgreSQL orders them
 * (`columnOrder`): one pass over the row, cheaper than the row's text (21 lookups cost twice as much).
 */
function lineSql(format: SnapshotFormat) {
  if (format === 1)
    return sql`'{"table":' || to_json(table_name)::text || ',"rowId":' || to_json(row_id)::text
      || ',"version":' || version || ',"deleted":false,"row":' || r::text || E'}\n'`;
  const columns = sql.raw(`ARRAY[${patronColumns.map((column) => `'${column}'`).join(', ')}]`);
  const values = sql`jsonb_path_query_array(r, '$.*')`;
  return sql`'[' || to_json(table_name)::text || ',' || to_json(row_id)::text || ',' || version || ','
    || CASE WHEN table_name = 'patron' AND r ?& ${columns} AND jsonb_array_length(${values}) = ${sql.lit(patronColumns.length)}
       THEN ${values}::text ELSE r::text END || E']\n'`;
}

/** `patronColumns` in the order `jsonb_path_query_array(row, '$.*')` gives a patron's values. */
async function columnOrder(trx: LogTransaction): Promise<string[]> {
  const object = JSON.stringify(Object.fromEntries(patronColumns.map((column) => [column, null])));
  const result = await sql<{ keys: string[] }>`
    SELECT jsonb_path_query_array(${object}::jsonb, '$.keyvalue().key') AS keys`.execute(trx);
  return result.rows[0]?.keys ?? [];
}

async function* lines(
  trx: LogTransaction,
  personalData: boolean,
  format: SnapshotFormat,
): AsyncGenerator<string> {
  const row = personalData
    ? sql`data`
    : sql`CASE WHEN table_name = 'patron' THEN ${maskedPatronSql} ELSE data END`;
  const version = await currentLogVersion(trx);
  const header = { protocol: PROTOCOL_VERSION, schema: SYNC_SCHEMA_VERSION, version };
  yield `${JSON.stringify(format === 1 ? header : { ...header, format, patronColumns: await columnOrder(trx) })}\n`;
  const line = lineSql(format);
  for (let after = 0; after < version; after += pageSpan) {
    // PostgreSQL writes the lines itself (one string per page): a third faster on PGlite than handing
    // over 5,000 rows to join in JavaScript.
    const page = await sql<{ text: string | null }>`
      SELECT string_agg(${line}, '' ORDER BY version) AS text
      FROM (SELECT table_name, row_id, version, ${row} AS r FROM sync_row
        WHERE version > ${after} AND version <= ${Math.min(after + pageSpan, version)} AND NOT deleted) AS live`.execute(
      trx,
    );
    const text = page.rows[0]?.text;
    if (text) yield text;
  }
}

/**
 * A client that stopped reading holds its spooled snapshot (memory) and a socket: it is cut when it took
 * less than `snapshotMinBytes` in a window of `snapshotWindowMs` while there was data waiting for it (the
 * socket's buffers are full and nothing more is written), or after `snapshotTotalMs` in all. A desktop
 * that is cut starts a new snapshot at its next sync. `onEnd` runs once, however it ends.
 */
export function limitSnapshotReader(
  stream: Readable,
  response: ServerResponse,
  limits: CentralLimits,
  onEnd: () => void,
): void {
  let written = response.socket?.bytesWritten ?? 0;
  const cut = (why: string) => {
    stream.destroy(Object.assign(new Error(why), { code: 'SNAPSHOT_CUT' }));
    response.destroy();
  };
  const window = setInterval(() => {
    const now = response.socket?.bytesWritten ?? written;
    // Slow only while there is something to take: not while the snapshot waits its turn or is produced.
    if (now - written < limits.snapshotMinBytes && stream.readableLength > 0)
      cut('client reading too slowly');
    written = now;
  }, limits.snapshotWindowMs);
  const total = setTimeout(() => cut('snapshot taking too long'), limits.snapshotTotalMs);
  response.once('close', () => {
    clearInterval(window);
    clearTimeout(total);
    onEnd();
  });
}
