import { Badge, Button, Card, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { ConflictView } from '../../shared/domain/sync.ts';
import { api } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LoadState } from '../components/LoadState.tsx';
import { useAction } from '../components/useAction.ts';
import { useApi } from '../components/useApi.ts';
import { conflictValueText, parseEditedValue } from './conflicts/values.ts';

/**
 * Changes made on two PCs to the same status, rate or convention term: the server kept the first and
 * holds both values until a person decides. Each card shows both, who and when; the choice is synced.
 */
export function ConflictsScreen() {
  const [shown, setShown] = useState<'open' | 'all'>('open');
  const conflicts = useApi('sync.conflicts', { status: shown });
  return (
    <Stack gap="md" maw={1000}>
      <div>
        <Title order={2}>Conflits</Title>
        <Text size="sm" c="dimmed">
          Deux postes ont modifié la même information avant de se synchroniser. Le serveur a gardé la première
          valeur reçue ; choisissez celle qui doit rester.
        </Text>
      </div>
      <SegmentedControl
        w="fit-content"
        value={shown}
        onChange={(value) => setShown(value as 'open' | 'all')}
        data={[
          { value: 'open', label: 'À régler' },
          { value: 'all', label: 'Tous' },
        ]}
      />
      <Rejections />
      <LoadState state={conflicts}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">{shown === 'open' ? 'Aucun conflit à régler.' : 'Aucun conflit.'}</Text>
          ) : (
            list.map((conflict) => (
              <ConflictCard key={conflict.id} conflict={conflict} onResolved={conflicts.reload} />
            ))
          )
        }
      </LoadState>
    </Stack>
  );
}

/** Changes the server refused (a record deleted elsewhere, a read-only account), with its reason. */
function Rejections() {
  const rejections = useApi('sync.rejections', {});
  if (!rejections.data?.length) return null;
  return (
    <Card withBorder padding="md" component="section" aria-label="Modifications refusées par le serveur">
      <Text fw={700} mb="xs">
        Modifications refusées par le serveur
      </Text>
      <Stack gap={4}>
        {rejections.data.map((rejection) => (
          <Text key={rejection.mutationId} size="sm">
            {new Date(rejection.rejectedAt).toLocaleString('fr-FR', {
              dateStyle: 'short',
              timeStyle: 'short',
            })}{' '}
            — {rejection.tableLabel} : {rejection.reason}
          </Text>
        ))}
      </Stack>
    </Card>
  );
}

function ConflictCard({ conflict, onResolved }: { conflict: ConflictView; onResolved: () => void }) {
  const action = useAction();
  const [editing, setEditing] = useState(false);
  const [typed, setTyped] = useState(String(conflict.clientValue ?? ''));
  const text = (value: ConflictView['serverValue']) => conflictValueText(conflict.field, value);
  const resolve = async (keep: 'mine' | 'theirs' | 'edit') => {
    const value = keep === 'edit' ? parseEditedValue(conflict.serverValue, typed) : undefined;
    const done = await action.run(() => api.call('sync.resolve', { id: conflict.id, keep, value }));
    if (done) onResolved();
  };
  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-label={`Conflit : ${conflict.subject}, ${conflict.fieldLabel}`}
    >
      <Group justify="space-between" mb="xs">
        <Text fw={700}>
          {conflict.subject} — {conflict.fieldLabel}
        </Text>
        {conflict.status === 'open' ? (
          <Badge color="red" variant="light" tt="none">
            À régler
          </Badge>
        ) : (
          <Badge color="green" variant="light" tt="none">
            Réglé par {conflict.resolvedBy} : {text(conflict.resolvedValue)}
          </Badge>
        )}
      </Group>
      <Group grow align="stretch">
        <Side
          title="Valeur de ce poste"
          value={text(conflict.clientValue)}
          by={conflict.clientBy}
          at={conflict.clientAt}
        />
        <Side
          title="Valeur du serveur (en vigueur)"
          value={text(conflict.serverValue)}
          by={conflict.serverBy}
          at={conflict.serverAt}
        />
      </Group>
      {conflict.status === 'open' && (
        <Stack gap="xs" mt="sm">
          <Group>
            <Button onClick={() => resolve('mine')} loading={action.busy}>
              Garder la mienne
            </Button>
            <Button variant="light" onClick={() => resolve('theirs')} loading={action.busy}>
              Garder celle du serveur
            </Button>
            <Button variant="subtle" onClick={() => setEditing((open) => !open)}>
              Modifier
            </Button>
          </Group>
          {editing && (
            <Group align="flex-end">
              <TextInput
                label="Valeur à garder"
                value={typed}
                onChange={(event) => setTyped(event.currentTarget.value)}
                description={
                  conflict.field === 'rate_e4' ? 'En dix-millièmes d’euro (3000 = 0,30 €)' : undefined
                }
              />
              <Button onClick={() => resolve('edit')} loading={action.busy}>
                Enregistrer cette valeur
              </Button>
            </Group>
          )}
          <ErrorAlert error={action.error} />
        </Stack>
      )}
    </Card>
  );
}

function Side({ title, value, by, at }: { title: string; value: string; by: string; at: string }) {
  return (
    <Card withBorder padding="sm" bg="gray.0">
      <Text size="xs" c="dimmed">
        {title}
      </Text>
      <Text fw={600} size="lg">
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {by}, le {new Date(at).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' })}
      </Text>
    </Card>
  );
}
