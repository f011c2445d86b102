import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';

/**
 * The watch folder: libraries (or a scheduled copy) drop their patron exports into one folder; each
 * CSV/XLSX file, once complete, is imported and moved to `traités/` (with the import's report) or to
 * `en-erreur/` (with a text file saying why). The import itself is the caller's: this module only
 * finds the files, waits until they stop changing, and files them away. Polling, not fs.watch: network
 * shares on Windows do not deliver change events reliably.
 */

export const doneFolder = 'traités';
export const failedFolder = 'en-erreur';
const lockName = '.mednum-import-watch.lock';

export interface ImportOutcome {
  /** The report to keep beside the file: its name and bytes. */
  report?: { fileName: string; bytes: Buffer };
  summary: Record<string, unknown>;
}

export interface Processed {
  file: string;
  status: 'traité' | 'en-erreur';
  /** Where the file now is. */
  movedTo: string;
  /** The report (traité) or the explanation (en-erreur) written beside it. */
  report: string | null;
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
}

export interface WatchOptions {
  /** How long a file's size and date must stay the same before it is read (ms). */
  settleMs?: number;
  /** Time between two looks at the folder, in the continuous mode (ms). */
  intervalMs?: number;
  now?: () => Date;
  onProcessed?: (processed: Processed) => void;
}

const importable = /\.(csv|xlsx|txt)$/i;
/** Office lock files, hidden files and the temporary names of copies in progress. */
const ignored = /^(~\$|\.)|\.(tmp|part|partial|crdownload|download)$/i;

export function isCandidate(name: string): boolean {
  return importable.test(name) && !ignored.test(name);
}

/** The candidate files in `dir` right now, oldest first (the order they were dropped). */
export function candidates(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && isCandidate(entry.name))
    .map((entry) => path.join(dir, entry.name))
    .map((file) => ({ file, mtime: fs.statSync(file).mtimeMs }))
    .sort((a, b) => a.mtime - b.mtime || a.file.localeCompare(b.file))
    .map((entry) => entry.file);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once the file has kept the same size and modification time for `settleMs` and can be opened
 * for writing (Windows refuses while the copying program still holds it). Null if it disappeared.
 */
export async function waitUntilStable(file: string, settleMs: number): Promise<fs.Stats | null> {
  let previous: fs.Stats | null = null;
  // An empty file is usually one being created: it must stay empty three times as long.
  let emptyChecks = 0;
  for (;;) {
    let current: fs.Stats;
    try {
      current = fs.statSync(file);
    } catch {
      return null;
    }
    if (
      previous &&
      current.size === previous.size &&
      current.mtimeMs === previous.mtimeMs &&
      (current.size > 0 || ++emptyChecks >= 3) &&
      notHeldByWriter(file)
    )
      return current;
    previous = current;
    await sleep(settleMs);
  }
}

function notHeldByWriter(file: string): boolean {
  try {
    fs.closeSync(fs.openSync(file, 'r+'));
    return true;
  } catch {
    return false;
  }
}

/** `20261125-172748` then the original name: sorted by arrival, never overwriting an earlier file. */
function destination(dir: string, folder: string, name: string, now: Date): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const target = path.join(dir, folder);
  fs.mkdirSync(target, { recursive: true });
  let candidate = path.join(target, `${stamp}-${name}`);
  for (let i = 2; fs.existsSync(candidate); i += 1) candidate = path.join(target, `${stamp}-${i}-${name}`);
  return candidate;
}

/** Imports one stable file and files it away; an import failure is an outcome, not an exception. */
export async function processFile(
  dir: string,
  file: string,
  runImport: (file: string) => Promise<ImportOutcome>,
  now: () => Date,
): Promise<Processed> {
  const name = path.basename(file);
  let outcome: ImportOutcome | null = null;
  let error: { code: string; message: string } | null = null;
  try {
    outcome = await runImport(file);
  } catch (caught) {
    error =
      caught instanceof AppError
        ? { code: caught.code, message: caught.message }
        : { code: 'INTERNAL', message: 'Erreur inattendue : le fichier n’a pas été importé.' };
  }
  const movedTo = destination(dir, outcome ? doneFolder : failedFolder, name, now());
  fs.renameSync(file, movedTo);
  let report: string | null = null;
  if (outcome?.report) {
    report = `${movedTo}.${outcome.report.fileName}`;
    fs.writeFileSync(report, outcome.report.bytes);
  } else if (error) {
    report = `${movedTo}.erreur.txt`;
    fs.writeFileSync(
      report,
      `Fichier : ${name}\nDate : ${now().toISOString()}\nCode : ${error.code}\n\n${error.message}\n`,
      'utf8',
    );
  }
  return {
    file,
    status: outcome ? 'traité' : 'en-erreur',
    movedTo,
    report,
    result: outcome?.summary ?? null,
    error,
  };
}

/**
 * Takes the folder for this process: a second watcher (a scheduled task starting while the previous run
 * is still importing) must not import the same file twice. A lock left by a process that no longer
 * exists is taken over.
 */
export function lockFolder(dir: string): () => void {
  const lock = path.join(dir, lockName);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lock, { force: true });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const pid = Number(fs.readFileSync(lock, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid))
        throw new AppError(
          'INVALID_INPUT',
          `Le dossier « ${dir} » est déjà surveillé par un autre traitement (processus ${pid}).`,
        );
      fs.rmSync(lock, { force: true });
    }
  }
  throw new AppError('INVALID_INPUT', `Impossible de prendre le dossier « ${dir} ».`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * `once`: the files present now (each waited for until complete), then returns. Otherwise keeps looking
 * every `intervalMs` until `signal` aborts. Returns what it processed.
 */
export async function watchFolder(
  dir: string,
  runImport: (file: string) => Promise<ImportOutcome>,
  options: WatchOptions & { once?: boolean; signal?: AbortSignal } = {},
): Promise<Processed[]> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new AppError('INVALID_INPUT', `Le dossier « ${dir} » n’existe pas.`);
  const settleMs = options.settleMs ?? 2000;
  const now = options.now ?? (() => new Date());
  const unlock = lockFolder(dir);
  const processed: Processed[] = [];
  try {
    do {
      for (const file of candidates(dir)) {
        if (options.signal?.aborted) break;
        if (!(await waitUntilStable(file, settleMs))) continue;
        const done = await processFile(dir, file, runImport, now);
        processed.push(done);
        options.onProcessed?.(done);
      }
      if (options.once || options.signal?.aborted) break;
      await abortableSleep(options.intervalMs ?? 5000, options.signal);
    } while (!options.signal?.aborted);
  } finally {
    unlock();
  }
  return processed;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
