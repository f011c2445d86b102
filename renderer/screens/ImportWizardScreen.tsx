import { Anchor, Breadcrumbs, Button, Group, Stack, Stepper, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, useBlocker, useSearchParams } from 'react-router';
import type { Input, Output } from '../../shared/contract.ts';
import { api } from '../api.ts';
import { onDroppedFile } from '../app/dropped-file.ts';
import { useStaff } from '../app/staff.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LoadState } from '../components/LoadState.tsx';
import { useAction } from '../components/useAction.ts';
import { useApi } from '../components/useApi.ts';
import { ColumnsStep } from './import/ColumnsStep.tsx';
import { ConfirmStep, commitLabel, nothingToCommit } from './import/ConfirmStep.tsx';
import { type ChosenFile, chosenBlob, fileForImport } from './import/chosen-file.ts';
import { DoneStep } from './import/DoneStep.tsx';
import { FileStep } from './import/FileStep.tsx';
import { ImportProgress, useImportProgress } from './import/ImportProgress.tsx';
import { LeaveImport } from './import/LeaveImport.tsx';
import { type Counts, type ImportMode, requiredFields, type Summary } from './import/labels.ts';
import { PreviewStep } from './import/PreviewStep.tsx';
import { RowsBar } from './import/RowsBar.tsx';

/** A fresh id for an import, so its progress can be asked while `import.open` still runs. */
function newSessionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

type Configure = Omit<Input<'import.configure'>, 'sessionId'>;

/** The import worker tells its progress every this many rows. */
const progressRows = 2000;

/** What went wrong, in the alert's title, where the file itself is the problem. */
const errorTitles: Partial<Record<string, string>> = {
  FILE_UNREADABLE: 'Fichier illisible',
  NOTHING_TO_IMPORT: 'Rien à importer',
};

export function ImportWizardScreen() {
  const libraries = useApi('library.list', {});
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/imports">
          Imports de lecteurs
        </Anchor>
        <Text>Nouvel import</Text>
      </Breadcrumbs>
      <Title order={2}>Importer un fichier de lecteurs</Title>
      <LoadState state={libraries}>{(list) => <Wizard libraries={list} />}</LoadState>
    </Stack>
  );
}

/**
 * File → columns → preview → confirmation → done. The main process holds the open import (in a worker);
 * this screen keeps its id, shows a progress bar while a long call runs, and cancels the import when it is
 * abandoned or the screen is left before it is committed.
 */
function Wizard({ libraries }: { libraries: Output<'library.list'> }) {
  const [params] = useSearchParams();
  const { staffName } = useStaff();
  const [step, setStep] = useState(0);
  const [libraryId, setLibraryId] = useState<string | null>(() => {
    const wanted = params.get('bibliotheque');
    return libraries.some((l) => l.id === wanted) ? wanted : null;
  });
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [mode, setMode] = useState<ImportMode>('incremental');
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
  const [leaving, setLeaving] = useState(false);
  const action = useAction();
  const progress = useImportProgress(work?.sessionId ?? null, work?.poll === true);
  // The import still open on the main process, cancelled if this screen goes away.
  const openSession = useRef<string | null>(null);
  // A CSV/XLSX dropped on the window (anywhere) arrives here as the chosen file.
  // biome-ignore lint/correctness/useExhaustiveDependencies: subscribe once; action.clear is stable.
  useEffect(
    () =>
      onDroppedFile((dropped) => {
        setFile(chosenBlob(dropped));
        action.clear();
      }),
    [],
  );

  // The library picked, its file comes next: the main process reads its patrons meanwhile. Nothing is
  // written and nothing is shown: a failure here is met again, and said, when the file is opened.
  useEffect(() => {
    if (libraryId) void api.call('import.prepare', { libraryId }).catch(() => undefined);
  }, [libraryId]);

  useEffect(
    () => () => {
      const sessionId = openSession.current;
      if (sessionId) void api.call('import.cancel', { sessionId }).catch(() => undefined);
    },
    [],
  );

  const library = libraries.find((l) => l.id === (source?.libraryId ?? libraryId));

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

  async function read() {
    if (!file || !libraryId) return;
    // The same file for the same library: only the mode may have changed.
    if (summary && source?.file === file && source.libraryId === libraryId) {
      if (mode !== summary.mode) {
        const next = await long(summary.sessionId, 'Nouvelle analyse du fichier', () =>
          api.call('import.configure', { sessionId: summary.sessionId, mode }),
        );
        if (!next) return;
        show(next);
      }
      setStep(1);
      return;
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
    if (!opened) return;
    openSession.current = opened.sessionId;
    setSource({ file, libraryId });
    show(opened);
    setStep(1);
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

  async function commit() {
    if (!summary) return;
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
      return;
    }
    setCommitted(result);
    setStep(4);
  }

  /** The screen forgets the import at once (leaving it then asks nothing); the core is told after. */
  async function abandon() {
    setSummary(null);
    setCounts(null);
    setSource(null);
    setFile(null);
    setCommitted(null);
    setProfile('défaut');
    action.clear();
    setStep(0);
    await cancelOpen();
  }

  const busy = work !== null;
  // Leaving the screen with a file read and not saved asks first (the import is then cancelled).
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      summary !== null && committed === null && currentLocation.pathname !== nextLocation.pathname,
  );
  const mappedRequired = summary ? requiredFields.every((f) => summary.mapping[f] !== undefined) : false;
  const canGoTo = (target: number) => !committed && !busy && target < step;

  const actions = (
    back: number | null,
    next: { label: string; to: number; disabled?: boolean } | ReactNode,
  ) => (
    <Group justify="space-between" mt="md">
      <Group>
        {back !== null && (
          <Button variant="default" onClick={() => setStep(back)} disabled={busy}>
            Précédent
          </Button>
        )}
        {next && typeof next === 'object' && 'to' in next ? (
          <Button onClick={() => setStep(next.to)} disabled={busy || next.disabled}>
            {next.label}
          </Button>
        ) : (
          next
        )}
      </Group>
      <Button variant="subtle" color="red" onClick={() => setLeaving(true)} disabled={busy}>
        Abandonner l’import
      </Button>
    </Group>
  );

  return (
    <Stack gap="md">
      <Stepper
        active={committed ? 5 : step}
        onStepClick={(target) => canGoTo(target) && setStep(target)}
        size="sm"
        allowNextStepsSelect={false}
      >
        <Stepper.Step label="Fichier" description="Bibliothèque, fichier" />
        <Stepper.Step label="Colonnes" description="Correspondances" />
        <Stepper.Step label="Aperçu" description="Vérifier, corriger" />
        <Stepper.Step label="Confirmation" description="Enregistrer" />
        <Stepper.Step label="Terminé" description="Rapport, annulation" />
      </Stepper>

      {work && (
        <ImportProgress
          title={work.title}
          progress={progress}
          sent={sent}
          onCancel={reading.current ? () => stopReading(work.sessionId) : undefined}
        />
      )}
      <LeaveImport
        opened={leaving || blocker.state === 'blocked'}
        fileName={summary?.fileName ?? file?.name ?? ''}
        onStay={() => {
          setLeaving(false);
          if (blocker.state === 'blocked') blocker.reset();
        }}
        onLeave={() => {
          setLeaving(false);
          if (blocker.state === 'blocked') blocker.proceed();
          else void abandon();
        }}
      />
      <ErrorAlert
        error={action.error}
        title={(action.error && errorTitles[action.error.code]) ?? 'L’opération n’a pas abouti'}
      />

      {step === 0 && (
        <>
          <FileStep
            libraries={libraries}
            libraryId={libraryId}
            onLibrary={setLibraryId}
            file={file}
            onFile={(picked) => {
              setFile(picked);
              action.clear();
            }}
            mode={mode}
            onMode={setMode}
            staffName={staffName}
            busy={busy}
            onRead={() => void read()}
          />
          {summary && actions(null, null)}
        </>
      )}

      {step === 1 && summary && (
        <>
          <ColumnsStep summary={summary} busy={busy} onConfigure={(changes) => void configure(changes)} />
          {counts && (
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                Avec ces colonnes :
              </Text>
              <RowsBar counts={counts} />
            </Stack>
          )}
          {actions(0, { label: 'Suivant : aperçu', to: 2, disabled: !mappedRequired })}
        </>
      )}

      {step === 2 && summary && counts && (
        <>
          <PreviewStep
            sessionId={summary.sessionId}
            counts={counts}
            mode={summary.mode}
            onCounts={setCounts}
          />
          {actions(1, { label: 'Suivant : confirmation', to: 3 })}
        </>
      )}

      {step === 3 && summary && counts && (
        <>
          <ConfirmStep
            summary={summary}
            counts={counts}
            libraryName={library?.name ?? ''}
            profile={profile}
            onProfile={setProfile}
          />
          {actions(
            2,
            <Button
              onClick={() => void commit()}
              loading={busy}
              disabled={nothingToCommit(counts) || !staffName || profile.trim() === ''}
            >
              {commitLabel(counts)}
            </Button>,
          )}
        </>
      )}

      {step === 4 && summary && committed && (
        <DoneStep
          batchId={committed.batchId}
          counts={committed.counts}
          mode={summary.mode}
          fileName={summary.fileName}
          libraryId={source?.libraryId ?? ''}
          libraryName={library?.name ?? ''}
          participating={library?.participating ?? true}
          onAnother={() => void abandon()}
        />
      )}
    </Stack>
  );
}
