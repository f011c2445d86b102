import { parentPort } from 'node:worker_threads';
import type { DoorPort, FromCore, ToCore } from './protocol.ts';
import { serveCore } from './serve.ts';

/**
 * The core's entry: in Electron a utility process (process.parentPort), elsewhere a Node worker thread
 * (worker_threads' parentPort). Bundled as dist/electron/core.js.
 */
interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const electronPort = (process as { parentPort?: ElectronParentPort }).parentPort;

function doorPort(): DoorPort {
  if (electronPort)
    return {
      post: (message: FromCore) => electronPort.postMessage(message),
      onMessage: (listener) => electronPort.on('message', (event) => listener(event.data as ToCore)),
    };
  if (parentPort) {
    const port = parentPort;
    return {
      post: (message: FromCore) => port.postMessage(message),
      onMessage: (listener) => port.on('message', listener),
    };
  }
  throw new Error('The core runs in a utility process or a worker thread, not as a program of its own.');
}

serveCore(doorPort(), (code) => {
  // A worker ends when nothing keeps it alive once closed; a utility process must exit.
  if (electronPort) process.exit(code);
  else parentPort?.close();
});
