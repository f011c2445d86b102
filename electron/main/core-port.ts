import { utilityProcess } from 'electron';
import type { CorePort, FromCore, ToCore } from '../services/core/protocol.ts';

/**
 * The core in an Electron utility process (dist/electron/core.js): the database and the services run
 * there, so the main process — windows, menus, dialogs, IPC — never waits on them. Messages posted
 * before the process has started wait for it.
 */
export function utilityCorePort(entry: string): CorePort {
  const child = utilityProcess.fork(entry, [], { serviceName: 'mednum-admin (services)', stdio: 'inherit' });
  let started = false;
  const early: ToCore[] = [];
  child.once('spawn', () => {
    started = true;
    for (const message of early.splice(0)) child.postMessage(message);
  });
  return {
    post: (message) => (started ? child.postMessage(message) : early.push(message)),
    onMessage: (listener) => child.on('message', (message: FromCore) => listener(message)),
    onExit: (listener) => child.once('exit', listener),
    kill: () => void child.kill(),
  };
}
