import { startWorkerThread } from '../worker-thread.ts';
import type { CorePort, FromCore } from './protocol.ts';

/**
 * The core in a Node worker thread: the browser host's and the CLI's (Electron uses a utility process).
 * Its own event loop, so long work there never delays the door's.
 */
export function workerCorePort(): CorePort {
  const worker = startWorkerThread(import.meta.url, { bundled: './core.js', source: './entry.ts' });
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', (message: FromCore) => listener(message)),
    onExit: (listener) => worker.on('exit', listener),
    kill: () => void worker.terminate(),
  };
}
