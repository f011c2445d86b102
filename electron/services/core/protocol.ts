import type { Envelope } from '../../../shared/api.ts';
import type { ErrorPayload } from '../../../shared/errors.ts';

/**
 * The messages between a door (Electron's main process, the browser host, the CLI) and the core that holds
 * the database and the services. Whatever carries them — Electron's utilityProcess, a Node worker thread —
 * clones them (structured clone), so they hold plain data only.
 */

/** Between background syncs in long-lived doors (desktop, browser host). */
export const backgroundSyncMs = 3 * 60_000;

/** What the core needs to open: everything a door used to hand openAppContext, minus functions. */
export interface CoreOptions {
  databasePath: string;
  version: string;
  departement?: string;
  /** Long-lived doors keep an import worker ready and look at the daily backup. */
  prepareImportWorker?: boolean;
  /** Opens a file that fails its integrity check, for listing and restoring backups only. */
  allowDamaged?: boolean;
  writeWaitMs?: number;
  /** Background sync period; absent for one-shot doors. */
  syncEveryMs?: number;
  /** Where the refresh token is kept; the services' default folder when absent. */
  secretsDir?: string;
  /** What this door's shell can do for the core (see ShellRequest). */
  shell: { dialogs: boolean; revealer: boolean; keychain: boolean };
}

/** What the core may ask the shell: only the shell has windows, a file manager and the OS keychain. */
export type ShellRequest =
  | { name: 'chooseFileToOpen'; args: { title: string; filters: { name: string; extensions: string[] }[] } }
  | {
      name: 'chooseFileToSave';
      args: { title: string; defaultName: string; filters: { name: string; extensions: string[] }[] };
    }
  | { name: 'notify'; args: { title: string; body: string } }
  | { name: 'showItemInFolder'; args: { filePath: string } }
  | { name: 'encrypt'; args: { plain: string } }
  | { name: 'decrypt'; args: { encrypted: Uint8Array } };

export type ToCore =
  | { kind: 'open'; options: CoreOptions }
  | { kind: 'call'; id: number; method: unknown; input: unknown }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; message: string }
  /** A failure of the door itself (a request it could not read), for the core's one sink. */
  | { kind: 'unexpected'; origin: string; name: string; stack: string }
  | { kind: 'close' };

export type FromCore =
  | { kind: 'ready'; databasePath: string; departement: string }
  | { kind: 'failed'; error: ErrorPayload }
  | { kind: 'answer'; id: number; envelope: Envelope<unknown> }
  | ({ kind: 'ask'; id: number } & ShellRequest)
  /** An unexpected error the core's sink logged, told to the door (tests fail on those they did not expect). */
  | { kind: 'unexpected'; origin: string }
  | { kind: 'closed' };

/** How a door and its core exchange messages: a worker thread, an Electron utility process. */
export interface CorePort {
  post(message: ToCore): void;
  onMessage(listener: (message: FromCore) => void): void;
  /** The core stopped (closed, crashed or killed). */
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

/** The core's side of the same channel. */
export interface DoorPort {
  post(message: FromCore): void;
  onMessage(listener: (message: ToCore) => void): void;
}
