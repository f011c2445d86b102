import { z } from 'zod';
import { hasPulled } from '../../../db/queries/sync-state.ts';
import { type Change, changeSchema, PROTOCOL_VERSION } from '../../../shared/sync/protocol.ts';
import type { CentralApi } from './central-api.ts';
import type { Mirror } from './mirror.ts';
import { offline } from './transport.ts';

const pageSize = 1000;
/** The snapshot's first line: which protocol and schema wrote it, and the version it reflects. */
const snapshotHeader = z.object({
  protocol: z.number().int(),
  schema: z.number().int(),
  version: z.number().int(),
});

/**
 * Pulls every change above the cursor, page by page. Applying a page and moving the cursor forward is one
 * SQLite transaction, so a crash or a lost answer leaves the mirror at a page boundary, never between.
 * A mirror that has never pulled starts from the server's snapshot instead of replaying its whole history.
 */
export async function pullChanges(mirror: Mirror, api: CentralApi): Promise<number> {
  let pulled = 0;
  if (!(await hasPulled(mirror.db)) && (await cursorOf(mirror)) === 0)
    pulled += await applySnapshot(mirror, api);
  for (;;) {
    const cursor = await cursorOf(mirror);
    const page = await api.pull(cursor, pageSize);
    await mirror.transaction(() => {
      mirror.applier.applyChanges(page.changes.filter((change) => change.version > cursor));
      moveCursor(mirror, page.cursor);
    });
    pulled += page.changes.length;
    if (!page.hasMore || page.changes.length === 0) return pulled;
  }
}

/**
 * A fresh PC's first sync: the whole server state as of one version, applied in one transaction (and the
 * cursor set to that version), then ordinary pulls from there. The snapshot's version tag is checked first.
 */
async function applySnapshot(mirror: Mirror, api: CentralApi): Promise<number> {
  const text = await api.snapshot();
  const firstBreak = text.indexOf('\n');
  const header = snapshotHeader.safeParse(JSON.parse(firstBreak < 0 ? text : text.slice(0, firstBreak)));
  if (!header.success || header.data.protocol !== PROTOCOL_VERSION) throw offline('instantané illisible');
  const changes: Change[] = [];
  let start = firstBreak + 1;
  while (start > 0 && start < text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    if (line.trim()) changes.push(changeSchema.parse(JSON.parse(line)));
    start = end < 0 ? text.length : end + 1;
  }
  await mirror.transaction(() => {
    mirror.applier.applyChanges(changes);
    moveCursor(mirror, header.data.version);
  });
  return changes.length;
}

async function cursorOf(mirror: Mirror): Promise<number> {
  const row = await mirror.db
    .selectFrom('sync_state')
    .select('cursor')
    .where('id', '=', 1)
    .executeTakeFirst();
  return row?.cursor ?? 0;
}

/** Only ever forward: an answer that arrives late (a retried request) cannot move the cursor back. */
function moveCursor(mirror: Mirror, cursor: number) {
  mirror.sqlite.prepare('UPDATE sync_state SET cursor = ? WHERE id = 1 AND cursor < ?').run(cursor, cursor);
}
