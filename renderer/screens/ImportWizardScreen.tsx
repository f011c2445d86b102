import { Anchor, Breadcrumbs, Button, Group, Stack, Stepper, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect, useState } from 'react';
import { Link, useBlocker, useSearchParams } from 'react-router';
import type { Output } from '../../shared/contract.ts';
import { api } from '../api.ts';
import { onDroppedFile } from '../app/dropped-file.ts';
import { useStaff } from '../app/staff.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LoadState } from '../components/LoadState.tsx';
import { useApi } from '../components/useApi.ts';
import { ColumnsStep } from './import/ColumnsStep.tsx';
import { ConfirmStep, commitLabel, nothingToCommit } from './import/ConfirmStep.tsx';
import { type ChosenFile, chosenBlob } from './import/chosen-file.ts';
import { DoneStep } from './import/DoneStep.tsx';
import { FileStep } from './import/FileStep.tsx';
import { ImportProgress } from './import/ImportProgress.tsx';
import { LeaveImport } from './import/LeaveImport.tsx';
import { type ImportMode, requiredFields } from './import/labels.ts';
import { PreviewStep } from './import/PreviewStep.tsx';
import { RowsBar } from './import/RowsBar.tsx';
import { useImportSession } from './import/useImportSession.ts';

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
 * File → columns → preview → confirmation → done: the steps and what each shows. The import itself, open on
 * the main process from the file read to the commit, is `useImportSession`'s.
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
  const [leaving, setLeaving] = useState(false);
  const session = useImportSession();
  const { summary, counts, committed, work, busy, clearError } = session;
  // A CSV/XLSX dropped on the window (anywhere) arrives here as the chosen file.
  // biome-ignore lint/correctness/useExhaustiveDependencies: subscribe once; clearError is stable.
  useEffect(
    () =>
      onDroppedFile((dropped) => {
        setFile(chosenBlob(dropped));
        clearError();
      }),
    [],
  );

  // The library picked, its file comes next: the main process reads its patrons meanwhile. Nothing is
  // written and nothing is shown: a failure here is met again, and said, when the file is opened.
  useEffect(() => {
    if (libraryId) void api.call('import.prepare', { libraryId }).catch(() => undefined);
  }, [libraryId]);

  const library = libraries.find((l) => l.id === (session.source?.libraryId ?? libraryId));

  async function read() {
    if (file && libraryId && (await session.read(file, libraryId, mode))) setStep(1);
  }

  async function commit() {
    if (await session.commit()) setStep(4);
  }

  async function abandon() {
    setFile(null);
    setStep(0);
    await session.reset();
  }

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
          progress={session.progress}
          sent={session.sent}
          onCancel={session.readingFile() ? () => session.stopReading(work.sessionId) : undefined}
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
        error={session.error}
        title={(session.error && errorTitles[session.error.code]) ?? 'L’opération n’a pas abouti'}
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
              clearError();
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
          <ColumnsStep
            summary={summary}
            busy={busy}
            onConfigure={(changes) => void session.configure(changes)}
          />
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
            onCounts={session.setCounts}
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
            profile={session.profile}
            onProfile={session.setProfile}
          />
          {actions(
            2,
            <Button
              onClick={() => void commit()}
              loading={busy}
              disabled={nothingToCommit(counts) || !staffName || session.profile.trim() === ''}
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
          libraryId={session.source?.libraryId ?? ''}
          libraryName={library?.name ?? ''}
          participating={library?.participating ?? true}
          onAnother={() => void abandon()}
        />
      )}
    </Stack>
  );
}
