import type { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode, isErrorPayload } from '../../../shared/errors.ts';
import { startWorkerThread } from '../worker-thread.ts';
import { MirrorReplaced } from './snapshot-page.ts';
import type {
  FromSnapshotWorker,
  SnapshotPage,
  SnapshotSetup,
  ToSnapshotWorker,
} from './snapshot-protocol.ts';

const stopped = () =>
  new AppError(
    'INTERNAL',
    'La synchronisation s’est arrêtée sur une erreur inattendue : rien n’a été perdu sur ce poste, la prochaine reprendra.',
  );

/**
 * The pull's handle on the thread that writes a first sync's pages (snapshot-worker.ts): pages go in
 * order, each answered once committed. Whatever stops the thread (an error, a crash, `close`) fails every
 * page still waiting, and nothing more is written.
 */
export class SnapshotWorker {
  private readonly worker: Worker;
  private readonly waiting: { resolve(rows: number): void; reject(error: unknown): void }[] = [];
  private ended: Error | null = null;

  constructor(setup: SnapshotSetup) {
    this.worker = startWorkerThread(
      import.meta.url,
      { bundled: './snapshot-worker.js', source: './snapshot-worker.ts' },
      { workerData: setup },
    );
    this.worker.on('message', (message: FromSnapshotWorker) => {
      if (message.ok) return this.waiting.shift()?.resolve(message.rows);
      if (message.replaced) return this.fail(new MirrorReplaced());
      const { code, message: text } = isErrorPayload(message.error)
        ? message.error
        : { code: 'INTERNAL' as ErrorCode, message: stopped().message };
      this.fail(new AppError(code, text, { cause: message.cause }));
    });
    this.worker.on('error', (error) => this.fail(Object.assign(stopped(), { cause: error })));
    this.worker.on('exit', () => this.fail(stopped()));
  }

  /** Why the thread stopped, once it has: the pull stops downloading. */
  get failure(): Error | null {
    return this.ended;
  }

  /**
   * Queues a page (its patrons' cells are handed over, no longer usable here); resolves with its row
   * count once its transaction has committed.
   */
  write(page: SnapshotPage, last: boolean, now: Date): Promise<number> {
    if (this.ended) return Promise.reject(this.ended);
    const written = new Promise<number>((resolve, reject) => this.waiting.push({ resolve, reject }));
    const message: ToSnapshotWorker = { page, last, now: now.toISOString() };
    this.worker.postMessage(message, page.patrons ? [page.patrons.cells.buffer as ArrayBuffer] : []);
    return written;
  }

  /** Stops the thread; a page it was writing is rolled back by SQLite. */
  async close(): Promise<void> {
    this.fail(new AppError('CANCELLED', 'Synchronisation interrompue : elle reprendra à la prochaine.'));
    await this.worker.terminate();
  }

  private fail(error: Error) {
    this.ended ??= error;
    for (const page of this.waiting.splice(0)) page.reject(this.ended);
  }
}
