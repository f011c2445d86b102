import { Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { EpciDetail } from '../../../shared/domain/collectivity.ts';
import { today } from '../../../shared/domain/dates.ts';
import { api } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAction } from '../../components/useAction.ts';

/** What to do next for this EPCI, and by when; an overdue date is flagged. */
export function FollowUpPanel({ epci, onChanged }: { epci: EpciDetail; onChanged: () => void }) {
  const [nextAction, setNextAction] = useState(epci.followUp.nextAction);
  const [due, setDue] = useState(epci.followUp.nextActionDue ?? '');
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const changed = nextAction !== epci.followUp.nextAction || due !== (epci.followUp.nextActionDue ?? '');
  const overdue = epci.followUp.nextActionDue !== null && epci.followUp.nextActionDue < today();

  async function submit() {
    const result = await action.run(() =>
      api.call('epci.updateFollowUp', { siren: epci.siren, nextAction, nextActionDue: due || null }),
    );
    if (result) {
      setSaved(true);
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
          <Group justify="space-between">
            <Title order={3} size="h5">
              Prochaine action
            </Title>
            {overdue && (
              <Badge color="red" variant="light" tt="none">
                en retard
              </Badge>
            )}
          </Group>
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              label="À faire"
              placeholder="Ex. : envoyer le projet de convention"
              value={nextAction}
              onChange={(event) => {
                setNextAction(event.currentTarget.value);
                setSaved(false);
              }}
              style={{ flex: 1 }}
            />
            <TextInput
              type="date"
              label="Échéance"
              value={due}
              onChange={(event) => {
                setDue(event.currentTarget.value);
                setSaved(false);
              }}
              w={160}
            />
          </Group>
          <ErrorAlert error={action.error} />
          <Group gap="sm">
            <Button type="submit" size="xs" loading={action.busy} disabled={!changed}>
              Enregistrer
            </Button>
            {saved && !changed && (
              <Text size="sm" c="teal.8" role="status">
                Enregistré.
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
