import { Button, Paper, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { useState } from 'react';
import type { EpciDetail } from '../../../shared/domain/collectivity.ts';
import { onboardingStatusLabels } from '../../../shared/domain/onboarding.ts';
import { api } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { statusColors } from '../../components/StatusBadge.tsx';
import { useAction } from '../../components/useAction.ts';
import { formatDateTimeFr } from '../../format.ts';

type Item =
  | { kind: 'move'; id: string; at: string; by: string; move: EpciDetail['history'][number] }
  | { kind: 'note'; id: string; at: string; by: string; text: string };

/** Status moves and free notes on one line of time, newest first, each signed and dated. */
export function TimelinePanel({ epci }: { epci: EpciDetail }) {
  const items: Item[] = [
    ...epci.history.map((move) => ({ kind: 'move' as const, id: move.id, at: move.at, by: move.by, move })),
    ...epci.notes.map((note) => ({ kind: 'note' as const, ...note })),
  ].sort((a, b) => b.at.localeCompare(a.at));

  return (
    <Paper withBorder p="sm" component="section" aria-label="Historique">
      <Title order={3} size="h5" mb="sm">
        Historique
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Rien encore : le premier changement de statut ou la première note apparaîtra ici.
        </Text>
      ) : (
        // Every item is in the past: all are drawn active, each bullet in its status colour.
        <Timeline bulletSize={14} lineWidth={2} active={items.length - 1}>
          {items.map((item) =>
            item.kind === 'move' ? (
              <Timeline.Item
                key={item.id}
                color={statusColors[item.move.status]}
                title={
                  <Text size="sm" fw={600}>
                    {item.move.from ? `${onboardingStatusLabels[item.move.from]} → ` : ''}
                    {onboardingStatusLabels[item.move.status]}
                  </Text>
                }
              >
                {item.move.note && (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {item.move.note}
                  </Text>
                )}
                <Signed at={item.at} by={item.by} />
              </Timeline.Item>
            ) : (
              <Timeline.Item
                key={item.id}
                color="gray"
                lineVariant="dashed"
                title={
                  <Text size="sm" fw={600}>
                    Note
                  </Text>
                }
              >
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {item.text}
                </Text>
                <Signed at={item.at} by={item.by} />
              </Timeline.Item>
            ),
          )}
        </Timeline>
      )}
    </Paper>
  );
}

function Signed({ at, by }: { at: string; by: string }) {
  return (
    <Text size="xs" c="dimmed">
      {formatDateTimeFr(at)} · {by}
    </Text>
  );
}

/** A free note on the timeline (a phone call, a meeting), signed like every change. */
export function NoteForm({ siren, onChanged }: { siren: string; onChanged: () => void }) {
  const [text, setText] = useState('');
  const action = useAction();

  async function submit() {
    const added = await action.run(() => api.call('epci.addNote', { siren, text }));
    if (added) {
      setText('');
      onChanged();
    }
  }

  return (
    <Paper withBorder p="sm">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="xs">
          <Textarea
            label="Ajouter une note"
            placeholder="Appel, réunion, courrier… (Ctrl+Entrée pour ajouter)"
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey))
                event.currentTarget.form?.requestSubmit();
            }}
            autosize
            minRows={2}
          />
          <ErrorAlert error={action.error} />
          <Button type="submit" size="xs" loading={action.busy} disabled={text.trim() === ''} w="fit-content">
            Ajouter la note
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
