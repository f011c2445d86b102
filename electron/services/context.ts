import fs from 'node:fs';
import path from 'node:path';
import type { OpenedDatabase } from '../../db/open.ts';
import { hasDeferredIndexes, restoreDeferredIndexes } from '../../db/queries/deferred-indexes.ts';
import { indexPendingSearch } from '../../db/queries/patron-search-pending.ts';
import { settleSetting } from '../../db/queries/settings.ts';
import { ensureReferenceData } from '../../db/reference/seed.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { departementSchema } from '../../shared/domain/epci.ts';
import { AppError } from '../../shared/errors.ts';
import { keepDailyBackups, openCheckedDatabase } from './backup/startup.ts';
import type { Desktop } from './desktop.ts';
import { patronSearchText } from './import/patron-row.ts';
import { StagedFiles, stagingDirFor } from './import/staged-files.ts';
import { createFileLogger, type Logger, logsDirFor } from './log.ts';
import { databaseFileName, userDataDir } from './paths.ts';
import type { FolderRevealer } from './reports/kept-reports.ts';
import type { SecretStore } from './sync/secret-store.ts';
import type { Transport } from './sync/transport.ts';
import { createUnexpectedErrors, type UnexpectedErrors } from './unexpected-errors.ts';
import { WorkInProgress } from './work-in-progress.ts';

/** How this door syncs: where the refresh token is kept, how requests travel, how often to sync alone. */
export interface SyncOptions {
  secrets?: SecretStore;
  transport?: (serverUrl: string) => Transport;
  /** Background sync period; absent for one-shot doors (CLI). */
  everyMs?: number;
  /** Pauses before retrying a sync that met a network failure (tests shorten them). */
  retryDelaysMs?: readonly number[];
}

/**
 * Everything the core opened, once. No subject takes it whole: each handler factory declares the part it
 * needs (`Pick<AppContext, 'database' | 'now'>`), so what a subject depends on is read in its signature
 * and a test gives it only that.
 */
export interface AppContext {
  database: OpenedDatabase;
  departement: string;
  version: string;
  /** Where attached documents (signed conventions) are kept, beside the database. */
  documentsDir: string;
  /** The clock every change is dated with; tests pin it. */
  now(): Date;
  /** Long-lived doors (desktop, browser host) keep an import worker started in advance. */
  prepareImportWorker: boolean;
  /** Files handed to imports by reference (a dialog's choice, a browser upload). */
  stagedFiles: StagedFiles;
  /** The long work running now, for progress bars. */
  work: WorkInProgress;
  /** Runs `cleanup` when the context closes (workers started by services, before the database goes). */
  onClose(cleanup: () => Promise<void>): void;
  close(): Promise<void>;
  sync?: SyncOptions;
  /** The services' rotating log, in `logs/` beside the database. */
  log: Logger;
  /** Where every door and background job reports an error nobody expected. */
  unexpected: UnexpectedErrors;
  /** Shows a kept report in the system file manager: only the desktop app has one. */
  revealer?: FolderRevealer;
  /** Native dialogs and notifications: only the desktop app has them. */
  desktop?: Desktop;
}

export interface ContextOptions {
  databasePath: string;
  /** Département used when the file is created; an existing file keeps its own. */
  departement?: string;
  version: string;
  now?: () => Date;
  prepareImportWorker?: boolean;
  sync?: SyncOptions;
  /** Opens a file that fails its integrity check, for a restore only (`backup list`, `backup restore`). */
  allowDamaged?: boolean;
  /** How long a write waits for another connection's write before DB_BUSY (tests shorten it). */
  writeWaitMs?: number;
  revealer?: FolderRevealer;
  desktop?: Desktop;
}

export const defaultDepartement = '46';

/**
 * Everything a door needs to serve the handlers: the migrated database, the département it is
 * configured for and that département's reference data, seeded on first use.
 */
export async function openAppContext(options: ContextOptions): Promise<AppContext> {
  const wanted = departementSchema.safeParse(
    options.departement ?? process.env.MEDNUM_DEPARTEMENT ?? defaultDepartement,
  );
  if (!wanted.success) throw new AppError('INVALID_INPUT', 'Code de département invalide (exemple : 46).');

  // Only the app's own folder is created on demand: an explicit path in a missing folder is a typo to report.
  if (path.resolve(options.databasePath) === path.join(userDataDir(), databaseFileName)) {
    fs.mkdirSync(userDataDir(), { recursive: true });
  }
  const now = options.now ?? (() => new Date());
  const log = createFileLogger(logsDirFor(path.dirname(path.resolve(options.databasePath))));
  const database = openCheckedDatabase(options.databasePath, {
    now: now(),
    log,
    allowDamaged: options.allowDamaged,
    writeWaitMs: options.writeWaitMs,
  });
  try {
    const cleanups: (() => Promise<void>)[] = [];
    // The doors that keep a worker ready are the long-lived ones: they also look at the daily backup hourly.
    if (options.prepareImportWorker && !database.damaged) {
      const stop = keepDailyBackups(database, { now, log });
      cleanups.push(async () => stop());
    }
    // A damaged file (opened for a restore) is not written to.
    const departement = database.damaged
      ? wanted.data
      : await settleSetting(database.db, 'departement', wanted.data);
    if (!database.damaged) {
      await ensureReferenceData(database.db, departement);
      // Search entries an import's worker did not get to write before the process stopped.
      indexPendingSearch(database.sqlite, patronSearchText);
      // Patron indexes a first sync set aside and did not get to build again before the process stopped.
      if (hasDeferredIndexes(database.sqlite))
        writeTransaction(database.sqlite, () => restoreDeferredIndexes(database.sqlite));
    }
    const stagedFiles = new StagedFiles(stagingDirFor(database.path));
    stagedFiles.sweep();
    return {
      log,
      unexpected: createUnexpectedErrors(log),
      stagedFiles,
      work: new WorkInProgress(),
      desktop: options.desktop,
      database,
      departement,
      version: options.version,
      documentsDir: path.join(path.dirname(database.path), 'documents'),
      now,
      prepareImportWorker: options.prepareImportWorker ?? false,
      sync: options.sync,
      revealer: options.revealer,
      onClose: (cleanup) => cleanups.push(cleanup),
      close: async () => {
        await Promise.all(cleanups.map((cleanup) => cleanup()));
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
