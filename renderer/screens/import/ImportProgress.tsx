import { Paper, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Output } from '../../../shared/contract.ts';
import { formatInteger } from '../../../shared/format.ts';
import { api } from '../../api.ts';

type Step = NonNullable<Output<'import.progress'>['progress']>;

const pollEvery = 200;

const phaseLabels: Record<Step['phase'], string> = {
  lecture: 'Lecture du fichier',
  analyse: 'Analyse des lignes',
  enregistrement: 'Enregistrement des lecteurs',
};

/**
 * Asks the import worker how far it is, every 200 ms while `active`. The first question waits one
 * period, so a short call ends before any is asked; a failed question is simply asked again.
 */
export function useImportProgress(sessionId: string | null, active: boolean): Step | null {
  const [progress, setProgress] = useState<Step | null>(null);
  useEffect(() => {
    setProgress(null);
    if (!active || !sessionId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const ask = async () => {
      try {
        const answer = await api.call('import.progress', { sessionId });
        if (!stopped) setProgress(answer.progress);
      } catch {
        // The session may not be registered yet, or already closed: the main call says what happened.
      }
      if (!stopped) timer = setTimeout(ask, pollEvery);
    };
    timer = setTimeout(ask, pollEvery);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [sessionId, active]);
  return progress;
}

/** What a long call is doing: its phase, a bar, and "12 000 / 48 000 lignes" once the worker knows. */
export function ImportProgress({ title, progress }: { title: string; progress: Step | null }) {
  const known = progress !== null && progress.total > 1;
  const value = known ? Math.min(100, (100 * progress.done) / progress.total) : 100;
  const detail = progress
    ? `${phaseLabels[progress.phase]}${known ? ` — ${formatInteger(progress.done)} / ${formatInteger(progress.total)} lignes` : '…'}`
    : 'Démarrage…';
  return (
    <Paper withBorder p="sm" role="status" aria-live="polite">
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          {title}
        </Text>
        <Progress
          value={value}
          striped={!known}
          animated={!known}
          size="lg"
          aria-label={title}
          transitionDuration={150}
        />
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      </Stack>
    </Paper>
  );
}
