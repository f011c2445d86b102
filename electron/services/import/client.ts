import type { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode, isErrorPayload } from '../../../shared/errors.ts';
import { startWorkerThread } from '../worker-thread.ts';
import type { CommuneTable } from './communes.ts';
import type { FromWorker, Op, Requests, WorkerSetup } from './protocol.ts';
import type { Progress } from './session-rows.ts';

/** France's communes as the process's first import worker read them, handed to the next ones. */
let communes: CommuneTable | undefined;

/** The bundled import-worker.js next to the bundle that starts it, or worker.ts from the sources. */
function startWorker(setup: WorkerSetup, heapMb: number): Worker {
  // A heap sized to the file makes V8 collect as it goes instead of letting garbage pile up to gigabytes.
  return startWorkerThread(
    import.meta.url,
    { bundled: './import-worker.js', source: './worker.ts' },
    { workerData: { ...setup, communes }, resourceLimits: { maxOldGenerationSizeMb: heapMb } },
  );
}

/** What an import of `fileBytes` needs: about 2.7 KB of live heap per row (some 100 bytes of file), with room to collect. */
export function heapFor(fileBytes: number): number {
  return Math.min(4096, Math.max(384, Math.round(128 + (fileBytes / 1024 / 1024) * 40)));
}

/** The main process's handle on one import worker: typed requests, progress, cancel. */
export class ImportWorker {
  progress: Progress | null = null;
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: unknown): void }
  >();
  private nextId = 1;
  private ended: AppError | null = null;

  constructor(
    readonly setup: WorkerSetup,
    readonly heapMb = 384,
  ) {
    this.worker = startWorker(setup, heapMb);
    this.worker.on('message', (message: FromWorker) => {
      if (message.kind === 'communes') {
        communes ??= message.table;
        return;
      }
      if (message.kind === 'progress') {
        this.progress = message.progress;
        return;
      }
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!waiting) return;
      if (message.ok) waiting.resolve(message.value);
      else {
        const { code, message: text } = isErrorPayload(message.error)
          ? message.error
          : { code: 'INTERNAL' as ErrorCode, message: 'Erreur inattendue pendant l’import.' };
        waiting.reject(new AppError(code, text, { cause: message.cause }));
      }
    });
    this.worker.on('error', (error) => {
      const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(
        new AppError(
          'INTERNAL',
          outOfMemory
            ? 'Fichier trop volumineux pour la mémoire disponible : découpez-le en plusieurs fichiers. Rien n’a été enregistré.'
            : 'L’import s’est arrêté sur une erreur inattendue. Rien n’a été enregistré.',
          { cause: error },
        ),
      );
    });
    this.worker.on('exit', () =>
      this.fail(new AppError('CANCELLED', 'Import interrompu : rien n’a été enregistré.')),
    );
  }

  /** A worker kept ready must not keep the process alive; one in use must. */
  setKeepsProcessAlive(keep: boolean) {
    if (keep) this.worker.ref();
    else this.worker.unref();
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  call<K extends Op>(op: K, args: Requests[K]['args']): Promise<Requests[K]['result']> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    this.progress = null;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, op, args });
    });
  }

  /** Stops the worker at once; an unfinished commit is rolled back by SQLite. */
  async cancel(): Promise<void> {
    this.fail(new AppError('CANCELLED', 'Import annulé : rien n’a été enregistré.'));
    await this.worker.terminate();
  }

  private fail(error: AppError) {
    this.ended ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.ended);
    this.pending.clear();
  }
}
