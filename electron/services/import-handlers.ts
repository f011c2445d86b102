import { withoutAutoCheckpoint } from '../../db/pragmas.ts';
import { findProfile } from '../../db/queries/patrons.ts';
import { refuseReadOnlyAccount } from '../../db/queries/sync-patron-upload.ts';
import { insertRow, recordAudit, updateRow } from '../../db/write.ts';
import type { Handlers, Input } from '../../shared/contract.ts';
import { today } from '../../shared/domain/dates.ts';
import type { PatronField } from '../../shared/domain/patron.ts';
import { AppError } from '../../shared/errors.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { resolveActor } from './actor.ts';
import type { AppContext } from './context.ts';
import { heapFor, ImportWorker } from './import/client.ts';
import type { PreCommitBackup } from './import/pre-commit-backup.ts';
import { PreImportCopies } from './import/pre-import-copies.ts';
import type { SessionSummary } from './import/protocol.ts';
import type { Counts } from './import/session-rows.ts';
import type { StagedFile } from './import/staged-files.ts';
import { requireLibraryId } from './libraries.ts';

type ImportHandlers = Pick<
  Handlers,
  | 'import.prepare'
  | 'import.open'
  | 'import.configure'
  | 'import.preview'
  | 'import.fixCell'
  | 'import.exclude'
  | 'import.progress'
  | 'import.commit'
  | 'import.cancel'
>;

interface OpenSession {
  worker: ImportWorker;
  libraryId: string;
  profile: string | null;
  summary: SessionSummary | null;
  /** Set once a commit is asked: a second click must not write the batch twice. */
  committing: boolean;
  /** The copy of the database begun at the library's choice or the file's opening, for the commit. */
  backup: PreCommitBackup | null;
  /** When the file was handed over: a long import ends with a system notification (desktop). */
  startedAt: number;
}

/** An import that took longer than this (from the file to its commit) is announced when it ends. */
const longImportMs = 20_000;

/**
 * Patron imports: each open import is a worker thread holding the file and its analysis, so the main
 * process (and the window it serves) never waits on a 100,000-row file. Sessions are addressed by id.
 */
export function importHandlers(
  context: Pick<
    AppContext,
    'database' | 'desktop' | 'log' | 'now' | 'onClose' | 'prepareImportWorker' | 'stagedFiles' | 'version'
  >,
): ImportHandlers {
  const { db } = context.database;
  const sessions = new Map<string, OpenSession>();
  const setup = () => ({
    databasePath: context.database.path,
    today: today(context.now()),
    version: context.version,
  });

  // The desktop app and the browser host keep one worker started in advance (its code and the commune
  // index loaded), so choosing a file does not wait for a cold start. The CLI does not.
  const readyHeapMb = 768;
  let ready: ImportWorker | null = null;
  const copies = new PreImportCopies(
    context.database.path,
    () => context.now(),
    (message, error) => context.log.warn(message, error),
  );

  const prepareWorker = () => {
    ready = new ImportWorker(setup(), readyHeapMb);
    ready.setKeepsProcessAlive(false);
  };
  if (context.prepareImportWorker) {
    prepareWorker();
    context.onClose(async () => {
      await ready?.cancel();
      ready = null;
      await copies.close();
    });
  }

  function takeWorker(heapMb: number): ImportWorker {
    const candidate = ready;
    if (candidate && heapMb <= readyHeapMb && candidate.setup.today === setup().today) {
      ready = null;
      candidate.setKeepsProcessAlive(true);
      return candidate;
    }
    return new ImportWorker(setup(), heapMb);
  }

  /** Ends an import's worker; the next one is started in advance only now, not to compete with this one. */
  async function endSession(sessionId: string, session: OpenSession) {
    sessions.delete(sessionId);
    await session.worker.cancel();
    const unused = session.backup;
    session.backup = null;
    await copies.drop(unused);
    if (context.prepareImportWorker && !ready) prepareWorker();
  }

  // A committed batch is already searchable (its search entries are in the same transaction); its worker
  // then copies the batch's pages from the WAL into the file, so that no later commit on the main thread
  // has to, and ends.
  function checkpointThenEnd(sessionId: string, session: OpenSession) {
    sessions.delete(sessionId);
    // Kept by the commit: not a copy for the end of the session to remove.
    session.backup = null;
    void session.worker
      .call('checkpoint', {})
      .catch((error: unknown) => context.log.warn('Report du journal WAL dans la base à terminer', error))
      .finally(() => endSession(sessionId, session));
  }

  function requireSession(sessionId: string): OpenSession {
    const session = sessions.get(sessionId);
    if (!session)
      throw new AppError('NOT_FOUND', 'Cet import n’est plus ouvert : recommencez depuis le fichier.');
    return session;
  }

  const view = (sessionId: string, session: OpenSession, summary: SessionSummary) => {
    session.summary = summary;
    return { sessionId, profile: session.profile, ...summary };
  };

  /** A staged file is read by the worker from disk: no copy of it crosses a message. */
  async function openImport(
    {
      sessionId = uuidv7(),
      libraryId: idOrCode,
      fileName,
      content,
      encoding,
      sheet,
      mode,
      profile: profileName,
    }: Omit<Input<'import.open'>, 'fileId'>,
    staged: StagedFile | null,
  ) {
    const libraryId = await requireLibraryId(db, idOrCode);
    if (sessions.has(sessionId)) throw new AppError('INVALID_INPUT', 'Cet import est déjà ouvert.');
    const profile = await findProfile(db, libraryId, profileName);
    if (profileName && !profile)
      throw new AppError('NOT_FOUND', `Aucun profil « ${profileName} » pour cette bibliothèque.`);
    const session: OpenSession = {
      worker: takeWorker(heapFor(staged ? staged.size : (content as string).length * 0.75)),
      libraryId,
      profile: profile?.name ?? null,
      summary: null,
      committing: false,
      backup: null,
      startedAt: Date.now(),
    };
    sessions.set(sessionId, session);
    try {
      // Copied before (the library's choice) or while the worker reads the file and the person the preview:
      // the commit need not wait for it.
      session.backup = copies.forOpening();
      const summary = await session.worker.call('open', {
        libraryId,
        fileName,
        source: staged ? { path: staged.path } : { bytes: Buffer.from(content as string, 'base64') },
        mode: mode ?? 'incremental',
        encoding,
        sheet,
        profile: profile ? (JSON.parse(profile.mapping) as Partial<Record<PatronField, string>>) : undefined,
      });
      return view(sessionId, session, summary);
    } catch (error) {
      await endSession(sessionId, session);
      throw error;
    }
  }

  return {
    async 'import.prepare'({ libraryId: idOrCode }) {
      const libraryId = await requireLibraryId(db, idOrCode);
      // Only a worker kept ready prepares (the desktop app, the browser host); the CLI opens at once.
      const worker = ready;
      if (!worker) return { prepared: false };
      // A worker kept ready does not keep the process alive; one at work must, until it answers.
      worker.setKeepsProcessAlive(true);
      copies.libraryPicked();
      try {
        await worker.call('prepare', { libraryId });
      } finally {
        // Unless a file's opening took it meanwhile: it is that import's worker now.
        if (worker === ready) worker.setKeepsProcessAlive(false);
      }
      return { prepared: true };
    },

    async 'import.open'({ fileId, ...input }) {
      try {
        return await openImport(input, fileId === undefined ? null : context.stagedFiles.resolve(fileId));
      } finally {
        // The worker holds the bytes now (a new encoding or sheet re-reads them there), or the import
        // was refused: either way an upload goes.
        if (fileId !== undefined) context.stagedFiles.release(fileId);
      }
    },

    async 'import.configure'({ sessionId, ...changes }) {
      const session = requireSession(sessionId);
      return view(sessionId, session, await session.worker.call('configure', changes));
    },

    async 'import.preview'({ sessionId, ...filter }) {
      return requireSession(sessionId).worker.call('preview', filter);
    },

    async 'import.fixCell'({ sessionId, ...fix }) {
      return requireSession(sessionId).worker.call('fixCell', fix);
    },

    async 'import.exclude'({ sessionId, ...change }) {
      return requireSession(sessionId).worker.call('exclude', change);
    },

    async 'import.progress'({ sessionId }) {
      // Asked before the session exists (a large upload) or after it ended: nothing is running.
      const session = sessions.get(sessionId);
      if (!session) return { running: false, progress: null };
      return { running: session.worker.busy, progress: session.worker.progress };
    },

    async 'import.commit'({ sessionId, saveProfile, by }) {
      const session = requireSession(sessionId);
      if (session.committing) {
        throw new AppError('INVALID_INPUT', 'Cet import est déjà en cours d’enregistrement.');
      }
      // Claimed before any await: a second click arriving meanwhile is refused above.
      session.committing = true;
      const now = context.now();
      let actor: string;
      let committed: { batchId: string; counts: Counts };
      try {
        await refuseReadOnlyAccount(db);
        actor = await resolveActor(db, by);
        // The database as it was before this batch: the copy begun at the opening if nothing was committed
        // since, else a fresh one, copied while the worker writes. Its COMMIT waits for the copy, and a
        // backup that cannot be written (a full disk) refuses the import.
        const backup = copies.forCommit(session.backup, now);
        session.backup = backup;
        const written = backup.done.then(
          () => null,
          (error: unknown) => error,
        );
        try {
          committed = await session.worker.call('commit', {
            actor,
            now: now.toISOString(),
            gate: backup.gate,
          });
        } catch (error) {
          throw (await written) ?? error;
        }
        // Committed means the gate opened: the backup is on disk; this waits for its connection to close.
        await backup.keep();
      } catch (error) {
        session.committing = false;
        throw error;
      }
      const { batchId, counts } = committed;
      // The mapping is remembered by header name, for this library's next file.
      const summary = session.summary;
      if (summary) {
        const mapping = Object.fromEntries(
          Object.entries(summary.mapping).map(([field, index]) => [field, summary.headers[index as number]]),
        );
        const name = saveProfile ?? session.profile ?? 'défaut';
        // The batch waits in the WAL for the worker's checkpoint (checkpointThenEnd), off this thread.
        await withoutAutoCheckpoint(context.database.sqlite, () =>
          db.transaction().execute(async (trx) => {
            const change = { actor, now, library: session.libraryId };
            const existing = await findProfile(trx, session.libraryId, name);
            if (existing)
              await updateRow(
                trx,
                'mapping_profile',
                existing.id,
                { mapping: JSON.stringify(mapping), encoding: summary.encoding },
                change,
              );
            else {
              await insertRow(
                trx,
                'mapping_profile',
                {
                  library_id: session.libraryId,
                  name,
                  mapping: JSON.stringify(mapping),
                  encoding: summary.encoding,
                },
                change,
              );
            }
            await recordAudit(trx, {
              actor,
              now,
              library: session.libraryId,
              entity: 'import_batch',
              entityId: batchId,
              event: {
                event: 'import',
                file: summary.fileName,
                created: counts.created,
                updated: counts.updated,
                unchanged: counts.unchanged,
                rejected: counts.rejected,
              },
            });
          }),
        );
      }
      checkpointThenEnd(sessionId, session);
      if (Date.now() - session.startedAt > longImportMs)
        context.desktop?.notify(
          'Import des lecteurs terminé',
          `${session.summary?.fileName ?? 'Fichier'} : ${counts.created} nouveaux, ${counts.updated} modifiés, ${counts.unchanged} inchangés, ${counts.rejected} rejetés.`,
        );
      return { batchId, counts };
    },

    async 'import.cancel'({ sessionId }) {
      const session = sessions.get(sessionId);
      if (!session) return { cancelled: false };
      await endSession(sessionId, session);
      return { cancelled: true };
    },
  };
}
