import { useEffect, useRef, useState } from 'react';
import type { Input } from '../../../shared/contract.ts';
import { api } from '../../api.ts';
import { useAction } from '../../components/useAction.ts';
import { type ChosenFile, fileForImport } from './chosen-file.ts';
import { useImportProgress } from './ImportProgress.tsx';
import type { Counts, ImportMode, Summary } from './labels.ts';

/** A fresh id for an import, so its progress can be asked while `import.open` still runs. */
function newSessionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type Configure = Omit<Input<'import.configure'>, 'sessionId'>;

/** The import worker tells its progress every this many rows. */
const progressRows = 2000;

/**
 * The import open on the main process (in a worker), from the file read to the commit: its summary and
 * counts, the long calls with their progress bar, and its cancellation when it is abandoned or when the
 * screen holding it goes away before it is committed.
 */
export function useImportSession() {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [source, setSource] = useState<{ file: ChosenFile; libraryId: string } | null>(null);
  const [committed, setCommitted] = useState<{ batchId: string; counts: Counts } | null>(null);
  const [profile, setProfile] = useState('défaut');
  const [work, setWork] = useState<{ sessionId: string; title: string; poll: boolean } | null>(null);
  // Bytes of the file sent to the browser host so far, while it uploads.
  const [sent, setSent] = useState<{ done: number; total: number } | null>(null);
  // Stops the upload of the file being read; set only while `import.open` runs.
  const reading = useRef<AbortController | null>(null);
  const action = useAction();
  const progress = useImportProgress(work?.sessionId ?? null, work?.poll === true);
  // The import still open on the main process, cancelled if the screen goes away.
  const openSession = useRef<string | null>(null);

  useEffect(
    () => () => {
      const sessionId = openSession.current;
      if (sessionId) void api.call('import.cancel', { sessionId }).catch(() => undefined);
    },
    [],
  );

  /**
   * Runs a call that may take a while, with a progress bar. The worker reports every 2,000 rows, so a
   * smaller file is not polled (its bar just moves); opening a file always is (its size is unknown yet).
   */
  async function long<T>(
    sessionId: string,
    title: string,
    call: () => Promise<T>,
    poll = (counts?.rows ?? 0) >= progressRows,
  ): Promise<T | undefined> {
    setWork({ sessionId, title, poll });
    try {
      return await action.run(call);
    } finally {
      setWork(null);
    }
  }

  function show(next: Summary) {
    setSummary(next);
    setCounts(next.counts);
    setProfile((name) => (next.profile && name === 'défaut' ? next.profile : name));
  }

  async function cancelOpen() {
    const sessionId = openSession.current;
    openSession.current = null;
    if (sessionId) await api.call('import.cancel', { sessionId }).catch(() => undefined);
  }

  /** Opens the file for the library (or, the same file again, applies a new mode); true once it is read. */
  async function read(file: ChosenFile, libraryId: string, mode: ImportMode): Promise<boolean> {
    // The same file for the same library: only the mode may have changed.
    if (summary && source?.file === file && source.libraryId === libraryId) {
      if (mode === summary.mode) return true;
      const next = await long(summary.sessionId, 'Nouvelle analyse du fichier', () =>
        api.call('import.configure', { sessionId: summary.sessionId, mode }),
      );
      if (next) show(next);
      return next !== undefined;
    }
    await cancelOpen();
    setSummary(null);
    const sessionId = newSessionId();
    const controller = new AbortController();
    reading.current = controller;
    const opened = await long(
      sessionId,
      `Lecture de « ${file.name} »`,
      async () => {
        const given = await fileForImport(
          file,
          (done) => setSent({ done, total: file.size }),
          controller.signal,
        );
        setSent(null);
        return api.call('import.open', { sessionId, libraryId, fileName: file.name, mode, ...given });
      },
      true,
    ).finally(() => {
      reading.current = null;
      setSent(null);
    });
    // Stopped on purpose: nothing to report but that nothing was kept (the bar says so as it goes).
    if (controller.signal.aborted) action.clear();
    if (!opened) return false;
    openSession.current = opened.sessionId;
    setSource({ file, libraryId });
    show(opened);
    return true;
  }

  /** « Annuler la lecture »: the upload stops, the worker reading the file is stopped; nothing is kept. */
  function stopReading(sessionId: string) {
    reading.current?.abort();
    void api.call('import.cancel', { sessionId }).catch(() => undefined);
  }

  async function configure(changes: Configure) {
    if (!summary) return;
    const title = changes.encoding
      ? 'Relecture du fichier avec le nouvel encodage'
      : changes.sheet
        ? `Lecture de la feuille « ${changes.sheet} »`
        : 'Nouvelle analyse des lignes';
    const next = await long(summary.sessionId, title, () =>
      api.call('import.configure', { sessionId: summary.sessionId, ...changes }),
    );
    if (next) show(next);
  }

  /** Saves the patrons; true once they are. */
  async function commit(): Promise<boolean> {
    if (!summary) return false;
    // A commit under way is not cancelled if the screen is left: it finishes (or fails) on its own.
    openSession.current = null;
    const result = await long(summary.sessionId, 'Enregistrement des lecteurs', () =>
      api.call('import.commit', {
        sessionId: summary.sessionId,
        ...(profile.trim() ? { saveProfile: profile.trim() } : {}),
      }),
    );
    if (!result) {
      // Refused (no staff name…): the import is still open, and still ours to cancel.
      openSession.current = summary.sessionId;
      return false;
    }
    setCommitted(result);
    return true;
  }

  /** Forgets the import at once (leaving the screen then asks nothing); the core is told after. */
  async function reset() {
    setSummary(null);
    setCounts(null);
    setSource(null);
    setCommitted(null);
    setProfile('défaut');
    action.clear();
    await cancelOpen();
  }

  return {
    summary,
    counts,
    setCounts,
    source,
    committed,
    profile,
    setProfile,
    work,
    sent,
    progress,
    error: action.error,
    clearError: action.clear,
    busy: work !== null,
    /** Whether the file is being read, which « Annuler la lecture » can stop. */
    readingFile: () => reading.current !== null,
    read,
    stopReading,
    configure,
    commit,
    reset,
  };
}
