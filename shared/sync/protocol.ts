import { z } from 'zod';

/**
 * The sync protocol between a desktop's SQLite mirror and the central service (DESIGN.md §4; the living
 * description is central/PROTOCOL.md). Isomorphic: the central service validates requests with these
 * schemas and the desktop validates responses with them, so both ends speak exactly one language.
 *
 * Shape: the server orders every change with one counter (`version`, assigned inside the writing
 * transaction, in commit order); a desktop pushes its outbox (client sequence numbers, base versions),
 * then pulls pages of rows whose version is above its cursor. Real conflicts on *review* fields become
 * `sync_conflict` rows that travel like any other row and are resolved by a person.
 */

/**
 * Bumped on any incompatible change of the messages below. 2: patron change sets (undo, duplicate
 * decisions, purge) besides imports; a version-1 desktop would keep them to itself, so it is told to update.
 */
export const PROTOCOL_VERSION = 2;
/**
 * Bumped when the synced tables' shape changes (additively: old rows stay readable). 2: the `scenario`
 * table (and convention bands); a version-1 desktop could not store them, so it is told to update.
 */
export const SYNC_SCHEMA_VERSION = 2;

/** Every request carries both; a server answers a too-old client with 426 CLIENT_TOO_OLD. */
export const protocolHeaders = {
  protocol: 'x-mednum-protocol',
  schema: 'x-mednum-schema',
} as const;

/** Tables that travel as row mutations. Patrons travel as patron change sets (see below), never row by row. */
export const syncTables = [
  'epci_followup',
  'epci_event',
  'contact',
  'convention',
  'library',
  'mapping_profile',
  'service_cost',
  'scenario',
  'sync_conflict',
] as const;
export type SyncTable = (typeof syncTables)[number];

/** Tables that only come down (pull/snapshot): written on the server by patron change set commits. */
export const pulledOnlyTables = ['patron', 'import_batch'] as const;
export type PulledTable = SyncTable | (typeof pulledOnlyTables)[number];

/**
 * Per-field policy when a push is based on a stale version of the field. `review`: the server keeps its
 * value and records a conflict holding both (a silently overwritten rate or status is unacceptable);
 * any field not listed is `auto`: last write (in server order) wins.
 */
export const reviewFields: Partial<Record<SyncTable, readonly string[]>> = {
  epci_followup: ['status'],
  convention: [
    'reference',
    'signed_on',
    'start_on',
    'end_on',
    'rate_e4',
    'basis',
    'millesime',
    'perimeter',
    'prorata',
    'floor_cents',
    'cap_cents',
    'bands',
  ],
  library: ['participating', 'participating_since', 'commune_insee'],
  service_cost: ['amount_cents', 'pricing', 'year'],
  scenario: ['name', 'year', 'conventions', 'status'],
};

export function fieldPolicy(table: SyncTable, field: string): 'review' | 'auto' {
  return reviewFields[table]?.includes(field) ? 'review' : 'auto';
}

const version = z.number().int().min(0);
/** A field's value; the longest column (a mapping profile) holds 100,000 characters. */
const scalar = z.union([z.string().max(100_000), z.number(), z.boolean(), z.null()]);
/** The widest synced table has 16 columns: a patch naming more is not from a desktop. */
export const maxPatchFields = 32;

/**
 * One outbox entry. `baseVersion` is the row's version the client last saw (0: never seen).
 * Several entries of one client may touch the same row between two syncs, all with the same base (the
 * client cannot know the versions its own earlier entries will get): a field last written by an earlier
 * mutation of the SAME client is therefore not stale for that client — e.g. two status moves made offline
 * on one PC must not conflict with each other; only another client's write makes a review field stale.
 */
export const mutationSchema = z.object({
  clientSeq: z.number().int().min(1),
  mutationId: z.uuid(),
  table: z.enum(syncTables),
  rowId: z.string().min(1).max(64),
  op: z.enum(['upsert', 'delete']),
  /** Changed fields only (all fields on creation); never id/created_at/updated_at. */
  patch: z
    .custom<Record<string, unknown>>(
      // Counted before the fields are checked one by one: a million-key patch is refused at once.
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= maxPatchFields,
      `Modification invalide : ${maxPatchFields} champs au plus.`,
    )
    .pipe(z.record(z.string().min(1).max(64), scalar)),
  baseVersion: version,
  /** The client's clock: informative (shown to people), never used for ordering. */
  at: z.iso.datetime(),
});
export type Mutation = z.infer<typeof mutationSchema>;

/**
 * A push body's size and its count of JSON separators, checked on the raw text before it is parsed: a body
 * built to be slow to parse (a million tiny fields) is refused before it holds the server's event loop. A
 * desktop whose page is refused as too large halves it (electron/services/sync/push.ts).
 */
export const maxPushBytes = 2 * 1024 * 1024;
export const maxPushSeparators = 100_000;

export const pushRequestSchema = z.object({
  clientId: z.uuid(),
  mutations: z.array(mutationSchema).max(500),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/** Every mutation ends with exactly one result; a retried mutation gets its stored result back. */
export const mutationResultSchema = z.object({
  clientSeq: z.number().int().min(1),
  mutationId: z.uuid(),
  status: z.enum(['applied', 'rejected', 'conflict']),
  /** For `rejected`: a stable code and a French reason. */
  code: z.string().optional(),
  reason: z.string().optional(),
  /** The row's version after this mutation (applied or partly applied with conflicts). */
  rowVersion: version.optional(),
  conflictIds: z.array(z.string()).optional(),
  /**
   * Set when the server applied the mutation to another row than the one pushed: an `epci_followup` created
   * offline for an EPCI that already has one on the server merges into that one (the desktop replaces its
   * local row id by this one).
   */
  mergedInto: z.string().optional(),
});
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(mutationResultSchema),
  /** Highest client sequence the server holds for this client: the next push starts after it. */
  acceptedThrough: z.number().int().min(0),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** A row as of `version`; a tombstone has `deleted: true` and `row: null`. */
export const changeSchema = z.object({
  version: z.number().int().min(1),
  table: z.enum([...syncTables, ...pulledOnlyTables]),
  rowId: z.string(),
  deleted: z.boolean(),
  row: z.record(z.string(), scalar).nullable(),
});
export type Change = z.infer<typeof changeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  /** The version of the last change in the page (or the request's cursor when empty). */
  cursor: version,
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** A conflict is a synced row: both values, who and when; resolving it is an upsert of `resolution`. */
export const conflictRowSchema = z.object({
  id: z.string(),
  table_name: z.enum(syncTables),
  row_id: z.string(),
  field: z.string(),
  /** JSON-encoded scalars, so null stays distinguishable from "no value". */
  server_value: z.string(),
  client_value: z.string(),
  server_by: z.string(),
  server_at: z.string(),
  client_by: z.string(),
  client_at: z.string(),
  status: z.enum(['open', 'resolved']),
  resolution: z.enum(['mine', 'theirs', 'edit']).nullable(),
  resolved_value: z.string().nullable(),
  resolved_by: z.string().nullable(),
  resolved_at: z.string().nullable(),
});
export type ConflictRow = z.infer<typeof conflictRowSchema>;

export const roles = ['admin', 'agent', 'reader'] as const;
export type Role = (typeof roles)[number];

export const loginRequestSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});
export const refreshRequestSchema = z.object({ refreshToken: z.string().min(20).max(512) });
export const sessionSchema = z.object({
  accessToken: z.string(),
  /** ISO time; the desktop refreshes a little before. */
  accessExpiresAt: z.iso.datetime(),
  refreshToken: z.string(),
  user: z.object({ id: z.string(), email: z.string(), role: z.enum(roles) }),
});
export type Session = z.infer<typeof sessionSchema>;

/**
 * A patron change set: every change of the patron registry made on a PC, uploaded as content-addressed
 * chunks (sha256 of the uncompressed JSON), then a commit naming them and saying what the set is:
 * - `import`: an import batch (its id is the batch id): the patrons it created, updated or unregistered;
 * - `undo`: the undo of import `batchId`: the rows it removed (`deleted`) and restored (`patrons`); the
 *   server marks that batch undone;
 * - `duplicates`: decisions on possible duplicates (the patrons as they stand);
 * - `purge`: the retention rule's deletions, and the rows that pointed at them as duplicates.
 */
export const patronChangeKinds = ['import', 'undo', 'duplicates', 'purge'] as const;
export type PatronChangeKind = (typeof patronChangeKinds)[number];

const chunkHashes = z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(10_000);
export const batchCommitSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('import'),
    libraryId: z.string(),
    mode: z.enum(['incremental', 'full']),
    fileName: z.string().max(255),
    chunks: chunkHashes,
  }),
  z.object({ kind: z.literal('undo'), batchId: z.string().min(1).max(64), chunks: chunkHashes }),
  z.object({ kind: z.enum(['duplicates', 'purge']), chunks: chunkHashes }),
]);
export type BatchCommit = z.infer<typeof batchCommitSchema>;

/** What a commit answers (the same on a repeated commit): the last version it wrote and its counts. */
export const batchCommitResultSchema = z.object({
  batchId: z.string(),
  /** Import: version of the `import_batch` row (the patrons take the versions just below it). Otherwise
   * the last version the set wrote (the log's current version when it changed nothing). */
  version: version,
  rows: z.number().int().min(0),
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
  /**
   * Patrons of the same library holding one of the batch's card numbers under another id (imported on
   * another PC): now tombstones, pulled before the batch's rows.
   */
  replaced: z.number().int().min(0).optional(),
  /** Not an import: live patrons made tombstones. */
  deleted: z.number().int().min(0).optional(),
  /**
   * Not an import: rows left as the server has them — already deleted there (a delete wins over a later
   * edit, as for other tables), never uploaded, or under another library or card number.
   */
  skipped: z.number().int().min(0).optional(),
});
export type BatchCommitResult = z.infer<typeof batchCommitResultSchema>;

/**
 * A chunk's uncompressed JSON: full patron rows as they stand on the PC, in the columns of the desktop's
 * `patron` table minus `num` (a local index key), and ids of patrons deleted (not in an import). Its
 * sha256 names the chunk.
 */
export const batchChunkSchema = z.object({
  patrons: z.array(z.record(z.string(), scalar)).max(5_000),
  deleted: z.array(z.string().min(1).max(64)).max(50_000).optional(),
});
export type BatchChunk = z.infer<typeof batchChunkSchema>;

/**
 * The endpoints, relative to the server's URL. `batches` are patron change sets (the name predates the
 * kinds other than imports). Chunks are PUT gzip-compressed (`content-encoding: gzip`); a chunk already
 * held answers 200 as well, and a commit of an already-committed set returns its result.
 */
export const syncPaths = {
  login: '/auth/login',
  refresh: '/auth/refresh',
  logout: '/auth/logout',
  push: '/sync/push',
  /** GET with `?cursor=N&limit=M`. */
  pull: '/sync/pull',
  /** GET: gzip NDJSON, first line `{ protocol, schema, version }`, then one `Change` per line. */
  snapshot: '/sync/snapshot',
  /** GET: server-sent events, `data: <log version>` now and after every commit (PROTOCOL.md). */
  events: '/sync/events',
  chunk: (batchId: string, sha256: string) => `/sync/batches/${batchId}/chunks/${sha256}`,
  commit: (batchId: string) => `/sync/batches/${batchId}/commit`,
} as const;

/** The error body of every non-2xx answer: a stable code and a French message. */
export const syncErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** SYNC_GAP: the client sequence the server expects next. */
  expected: z.number().int().optional(),
});
export type SyncError = z.infer<typeof syncErrorSchema>;
