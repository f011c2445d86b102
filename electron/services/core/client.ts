import type { Envelope } from '../../../shared/api.ts';
import { AppError, type ErrorPayload } from '../../../shared/errors.ts';
import type { Desktop } from '../desktop.ts';
import type { Gate } from '../gate.ts';
import type { FolderRevealer } from '../reports/kept-reports.ts';
import type { Keychain } from '../sync/secret-store.ts';
import { notifyUnexpected } from '../unexpected-errors.ts';
import type { CoreOptions, CorePort, FromCore, ShellRequest } from './protocol.ts';

/** What this door's shell does for the core; a door without windows gives none. */
export interface Shell {
  desktop?: Desktop;
  revealer?: FolderRevealer;
  keychain?: Keychain;
}

/** A door's handle on its core: the gate every call goes through, and the core's one error sink. */
export interface Core {
  gate: Gate;
  databasePath: string;
  departement: string;
  /** A failure of the door itself, logged by the core's sink like every other. */
  report(error: unknown, origin: string): void;
  /** Closes the database and ends the core; calls still waiting get CORE_STOPPED. */
  close(): Promise<void>;
}

const stopped: ErrorPayload = {
  code: 'CORE_STOPPED',
  message:
    'Le service de l’application s’est arrêté : fermez et rouvrez l’application. Ce qui était enregistré est conservé.',
};

/**
 * Starts the core behind `port` and waits until its database is open. A core that cannot open
 * (damaged file, newer version…) rejects with the AppError the services gave.
 */
export function startCore(
  port: CorePort,
  options: Omit<CoreOptions, 'shell'>,
  shell: Shell = {},
): Promise<Core> {
  const waiting = new Map<number, (envelope: Envelope<unknown>) => void>();
  let nextCall = 1;
  let ended = false;
  let closed: (() => void) | undefined;

  const gate: Gate = (method, input) => {
    if (ended) return Promise.resolve({ ok: false, error: stopped });
    const id = nextCall++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      try {
        port.post({ kind: 'call', id, method, input });
      } catch {
        // Only plain data crosses to the core (a door hands it parsed JSON; anything else is a caller's bug).
        waiting.delete(id);
        resolve({ ok: false, error: { code: 'INVALID_INPUT', message: 'Données invalides.' } });
      }
    });
  };

  async function answerShell(request: ShellRequest): Promise<unknown> {
    switch (request.name) {
      case 'chooseFileToOpen':
        return shell.desktop?.chooseFileToOpen(request.args) ?? null;
      case 'chooseFileToSave':
        return shell.desktop?.chooseFileToSave(request.args) ?? null;
      case 'notify':
        return shell.desktop?.notify(request.args.title, request.args.body);
      case 'showItemInFolder':
        return shell.revealer?.showItemInFolder(request.args.filePath);
      case 'encrypt':
        if (!shell.keychain) throw new Error('no keychain');
        return new Uint8Array(await shell.keychain.encryptString(request.args.plain));
      case 'decrypt':
        if (!shell.keychain) throw new Error('no keychain');
        return shell.keychain.decryptString(Buffer.from(request.args.encrypted));
    }
  }

  return new Promise((resolve, reject) => {
    port.onExit(() => {
      ended = true;
      for (const answer of waiting.values()) answer({ ok: false, error: stopped });
      waiting.clear();
      closed?.();
      reject(new AppError(stopped.code, stopped.message));
    });
    port.onMessage((message: FromCore) => {
      switch (message.kind) {
        case 'ready':
          return resolve({
            gate,
            databasePath: message.databasePath,
            departement: message.departement,
            report(error, origin) {
              const { name, stack } = error instanceof Error ? error : new Error(typeof error);
              if (!ended) port.post({ kind: 'unexpected', origin, name, stack: stack ?? '' });
            },
            close() {
              if (ended) return Promise.resolve();
              return new Promise<void>((done) => {
                closed = done;
                port.post({ kind: 'close' });
              });
            },
          });
        case 'failed':
          port.kill();
          return reject(new AppError(message.error.code, message.error.message));
        case 'answer': {
          const answer = waiting.get(message.id);
          waiting.delete(message.id);
          return answer?.(message.envelope);
        }
        case 'ask':
          return void answerShell(message).then(
            (value) => port.post({ kind: 'reply', id: message.id, ok: true, value }),
            (error: unknown) =>
              port.post({
                kind: 'reply',
                id: message.id,
                ok: false,
                message: String((error as Error).message),
              }),
          );
        case 'unexpected':
          return notifyUnexpected(new Error(`in the core: ${message.origin}`), message.origin);
        case 'closed':
          // Its database is closed: whatever it still runs (a worker kept ready, a timer) ends with it.
          ended = true;
          port.kill();
          return closed?.();
      }
    });
    port.post({ kind: 'open', options: { ...options, shell: shellFlags(shell) } });
  });
}

function shellFlags(shell: Shell): CoreOptions['shell'] {
  return {
    dialogs: Boolean(shell.desktop),
    revealer: Boolean(shell.revealer),
    keychain: Boolean(shell.keychain),
  };
}
