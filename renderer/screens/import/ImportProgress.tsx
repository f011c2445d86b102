import { Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Output } from '../../../shared/contract.ts';
import { formatBytesFr, formatInteger } from '../../../shared/format.ts';
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

/**
 * What a long call is doing: the file being sent (« 45,2 Mo / 148,6 Mo »), then its phase and
 * « 12 000 / 48 000 lignes » once the worker knows; « Annuler la lecture » while a file is read.
 */
export function ImportProgress({
  title,
  progress,
  sent,
  onCancel,
}: {
  title: string;
  progress: Step | null;
  sent?: { done: number; total: number } | null;
  onCancel?: () => void;
}) {
  const known = sent ? sent.total > 0 : progress !== null && progress.total > 1;
  const value = sent
    ? (100 * sent.done) / Math.max(1, sent.total)
    : known && progress
      ? Math.min(100, (100 * progress.done) / progress.total)
      : 100;
  const detail = sent
    ? `Envoi du fichier — ${formatBytesFr(sent.done)} / ${formatBytesFr(sent.total)}`
    : progress
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
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {detail}
          </Text>
          {onCancel && (
            <Button size="xs" variant="default" onClick={onCancel}>
              Annuler la lecture
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
