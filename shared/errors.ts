/**
 * Errors cross every door (IPC, browser host, CLI) as plain `{ code, message }`:
 * a stable code for programs, a French sentence for people. Never a stack trace.
 */
export const errorCodes = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'DB_OPEN_FAILED',
  'DB_NEWER_THAN_APP',
  'REFERENCE_DATA_MISSING',
  'FORBIDDEN',
  'ACTOR_REQUIRED',
  'STATUS_MOVE_REFUSED',
  'CONVENTION_REQUIRED',
  'CONVENTION_OVERLAP',
  'COMMUNE_UNKNOWN',
  'LIBRARY_CODE_TAKEN',
  'POPULATION_MISSING',
  'FILE_UNREADABLE',
  'NOTHING_TO_IMPORT',
  'ALREADY_UNDONE',
  'CANCELLED',
  'DB_CORRUPT',
  'DB_BUSY',
  'DISK_FULL',
  'BACKUP_FAILED',
  'BACKUP_INVALID',
  'AUTH_REQUIRED',
  'AUTH_FAILED',
  'RATE_LIMITED',
  'CLIENT_TOO_OLD',
  'SYNC_GAP',
  'SYNC_OFFLINE',
  'SYNC_NOT_CONFIGURED',
  'SYNC_REFUSED',
  'SYNC_SNAPSHOT_INVALID',
  'READ_ONLY_ACCOUNT',
  'FILE_TOO_LARGE',
  'CORE_STOPPED',
  /** A COUNTER usage report that cannot be imported as it is (shared/domain/usage/). */
  'USAGE_FILE_INVALID',
  /** The usage file changed between its preview and its commit. */
  'USAGE_FILE_CHANGED',
  /** A usage import whose figures a later import replaced: that one is undone first. */
  'USAGE_UNDO_BLOCKED',
  /** A vendor's SUSHI endpoint (shared/domain/usage/sushi.ts): not reached, too slow, or refusing. */
  'SUSHI_UNREACHABLE',
  'SUSHI_TIMEOUT',
  'SUSHI_CREDENTIALS_REFUSED',
  'SUSHI_THROTTLED',
  'SUSHI_NOT_READY',
  'SUSHI_NO_USAGE',
  'SUSHI_REFUSED',
  /** The endpoint answered something that is not a COUNTER JSON report. */
  'SUSHI_NOT_COUNTER',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }

  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message };
  }
}

const internalMessage =
  'Une erreur inattendue est survenue. Réessayez ; si elle persiste, exportez un diagnostic.';

const diskFullMessage =
  'Disque plein : l’opération n’a pas pu être enregistrée et la base de données est restée telle quelle. Libérez de la place sur le disque puis recommencez.';

/** SQLite's SQLITE_FULL or the system's ENOSPC, however deep the write that met it. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

/**
 * SQLite's SQLITE_BUSY and its extended codes: another connection (an import commit, a sync in another
 * process, a restore) held the write lock for longer than a write waits (db/transaction.ts).
 */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
const busyMessage =
  'La base est occupée par un autre traitement (import, synchronisation) : réessayez dans un instant.';
export const dbBusyError = (cause?: unknown) => new AppError('DB_BUSY', busyMessage, { cause });

/**
 * A change that would be sent to the central service from a PC logged in with a read-only account: the
 * server would refuse it, so it is not written at all. The database's own guard (migration 8) raises the
 * marker; code that checks first throws the error.
 */
export const readOnlyAccountMarker = 'mednum:READ_ONLY_ACCOUNT';
const readOnlyAccountMessage =
  'Ce poste est connecté au serveur central avec un compte en lecture seule : cette modification n’a pas été enregistrée. Connectez-vous avec un compte agent (Réglages › Serveur central) pour modifier.';
export const readOnlyAccountError = () => new AppError('READ_ONLY_ACCOUNT', readOnlyAccountMessage);

/** Turns anything thrown into a payload safe to show: unknown errors never leak their internals. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof AppError) return error.toPayload();
  if (isDiskFull(error)) return { code: 'DISK_FULL', message: diskFullMessage };
  if (isBusy(error)) return { code: 'DB_BUSY', message: busyMessage };
  if (error instanceof Error && error.message === readOnlyAccountMarker)
    return { code: 'READ_ONLY_ACCOUNT', message: readOnlyAccountMessage };
  return { code: 'INTERNAL', message: internalMessage };
}

export function isErrorPayload(value: unknown): value is ErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof message === 'string' && (errorCodes as readonly unknown[]).includes(code);
}
