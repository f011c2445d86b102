import path from 'node:path';
import { AppError, toErrorPayload } from '../../../shared/errors.ts';
import { type AppContext, openAppContext } from '../context.ts';
import type { Desktop } from '../desktop.ts';
import { openGate } from '../dispatch.ts';
import type { Gate } from '../gate.ts';
import type { FolderRevealer } from '../reports/kept-reports.ts';
import {
  fileSecretStore,
  type Keychain,
  keychainSecretStore,
  type SecretStore,
} from '../sync/secret-store.ts';
import { onUnexpectedError } from '../unexpected-errors.ts';
import type { CoreOptions, DoorPort, ShellRequest, ToCore } from './protocol.ts';

/**
 * The core's side: opens the context the door asked for and answers its calls through the same gate
 * every door had. What only the shell can do (dialogs, the file manager, the OS keychain) is asked back
 * over the same channel, behind the interfaces the services already know.
 */
export function serveCore(port: DoorPort, exit: (code: number) => void): void {
  let opened: Promise<{ context: AppContext; gate: Gate } | AppError> | undefined;
  const asked = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextAsk = 1;

  function ask(request: ShellRequest): Promise<unknown> {
    const id = nextAsk++;
    return new Promise((resolve, reject) => {
      asked.set(id, { resolve, reject });
      port.post({ kind: 'ask', id, ...request });
    });
  }

  // Every unexpected error of this core is told to the door too (its tests fail on those they did not expect).
  onUnexpectedError((_error, origin) => port.post({ kind: 'unexpected', origin }));

  async function open(options: CoreOptions) {
    try {
      const context = await openAppContext({
        databasePath: options.databasePath,
        version: options.version,
        departement: options.departement,
        prepareImportWorker: options.prepareImportWorker,
        allowDamaged: options.allowDamaged,
        writeWaitMs: options.writeWaitMs,
        desktop: options.shell.dialogs ? shellDesktop(ask) : undefined,
        revealer: options.shell.revealer ? shellRevealer(ask) : undefined,
        sync: { everyMs: options.syncEveryMs, secrets: secretStore(options, ask) },
      });
      port.post({ kind: 'ready', databasePath: context.database.path, departement: context.departement });
      return { context, gate: openGate(context) };
    } catch (error) {
      const payload = toErrorPayload(error);
      port.post({ kind: 'failed', error: payload });
      return new AppError(payload.code, payload.message);
    }
  }

  async function handle(message: ToCore) {
    switch (message.kind) {
      case 'open':
        opened = open(message.options);
        return;
      case 'call': {
        const core = await opened;
        const envelope =
          core === undefined || core instanceof AppError
            ? { ok: false as const, error: toErrorPayload(core ?? new AppError('INTERNAL', notOpen)) }
            : await core.gate(message.method, message.input);
        port.post({ kind: 'answer', id: message.id, envelope });
        return;
      }
      case 'reply': {
        const waiting = asked.get(message.id);
        asked.delete(message.id);
        if (message.ok) waiting?.resolve(message.value);
        else waiting?.reject(new Error(message.message));
        return;
      }
      case 'unexpected': {
        const core = await opened;
        if (core && !(core instanceof AppError))
          core.context.unexpected.report(Object.assign(new Error(), message), message.origin);
        return;
      }
      case 'close': {
        const core = await opened;
        if (core && !(core instanceof AppError)) await core.context.close();
        port.post({ kind: 'closed' });
        exit(0);
      }
    }
  }

  port.onMessage((message) => void handle(message));
}

const notOpen = 'Le service de l’application n’est pas ouvert.';

function shellDesktop(ask: (request: ShellRequest) => Promise<unknown>): Desktop {
  return {
    chooseFileToOpen: (args) => ask({ name: 'chooseFileToOpen', args }) as Promise<string | null>,
    chooseFileToSave: (args) => ask({ name: 'chooseFileToSave', args }) as Promise<string | null>,
    notify: (title, body) => void ask({ name: 'notify', args: { title, body } }).catch(() => undefined),
  };
}

function shellRevealer(ask: (request: ShellRequest) => Promise<unknown>): FolderRevealer {
  return {
    showItemInFolder: (filePath) =>
      void ask({ name: 'showItemInFolder', args: { filePath } }).catch(() => undefined),
  };
}

/** The desktop's refresh token is encrypted by the shell's keychain; other doors keep a user-only file. */
function secretStore(
  options: CoreOptions,
  ask: (request: ShellRequest) => Promise<unknown>,
): SecretStore | undefined {
  if (!options.secretsDir) return undefined;
  if (!options.shell.keychain) return fileSecretStore(options.secretsDir);
  const keychain: Keychain = {
    encryptString: async (plain) =>
      Buffer.from((await ask({ name: 'encrypt', args: { plain } })) as Uint8Array),
    decryptString: async (encrypted) => (await ask({ name: 'decrypt', args: { encrypted } })) as string,
  };
  return keychainSecretStore(path.resolve(options.secretsDir), keychain);
}
