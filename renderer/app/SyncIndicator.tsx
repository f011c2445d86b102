import { Anchor, Badge, Button, Group, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { SyncStatus } from '../../shared/domain/sync.ts';
import { api } from '../api.ts';
import { localWrites, noteReceived } from '../components/remote-changes.ts';
import { useAction } from '../components/useAction.ts';
import { useApi } from '../components/useApi.ts';

/** How often the header asks how sync is doing (background syncs change it without a click). */
const refreshMs = 5_000;

/**
 * The header's view of sync: online or not, when it last synced, what waits to be sent, conflicts to
 * settle, and a button to sync now. With no server configured it says so quietly: the app works alone.
 */
export function SyncIndicator() {
  const status = useApi('sync.status', {});
  const action = useAction();
  const { reload } = status;
  useEffect(() => {
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [reload]);
  // A write from this window (an edit waiting to be sent, a conflict settled) shows at once.
  const writes = localWrites.use();
  const shownWrites = useRef(writes);
  useEffect(() => {
    if (writes === shownWrites.current) return;
    shownWrites.current = writes;
    reload();
  }, [writes, reload]);
  const received = status.data?.received;
  useEffect(() => {
    if (received !== undefined) noteReceived(received);
  }, [received]);
  if (!status.data) return null;
  const state = status.data;
  const syncNow = async () => {
    await action.run(() => api.call('sync.now', {}));
    reload();
  };
  return (
    <Group gap="sm" wrap="nowrap" aria-label="Synchronisation" role="group">
      <Connection state={state} />
      {state.loggedIn && state.user?.role === 'reader' && (
        <Badge
          color="gray"
          variant="outline"
          tt="none"
          miw="max-content"
          title="Compte en lecture seule : ce poste ne modifie rien de ce qui est partagé"
        >
          Lecture seule
        </Badge>
      )}
      {state.configured && (
        <Text size="xs" c="dimmed" title={state.lastError?.message}>
          {state.lastSyncAt
            ? `Dernière synchronisation ${formatWhen(state.lastSyncAt)}`
            : 'Jamais synchronisé'}
        </Text>
      )}
      {/* Without a server, changes wait for nobody: nothing to warn about while the PC works alone. */}
      {state.configured && state.pending.changes + state.pending.batches > 0 && (
        <Text size="xs" fw={600} c="orange.8" style={nowrap}>
          {plural(
            state.pending.changes + state.pending.batches,
            'modification en attente',
            'modifications en attente',
          )}
        </Text>
      )}
      {state.conflicts > 0 && (
        <Anchor component={Link} to="/conflits" size="xs" fw={700} c="red.8" style={nowrap}>
          {plural(state.conflicts, 'conflit à régler', 'conflits à régler')}
        </Anchor>
      )}
      {state.configured && (
        <Button
          size="compact-xs"
          variant="light"
          miw="max-content"
          onClick={syncNow}
          loading={action.busy || state.running}
        >
          Synchroniser
        </Button>
      )}
    </Group>
  );
}

function Connection({ state }: { state: SyncStatus }) {
  if (!state.configured)
    return (
      <Badge
        color="gray"
        variant="light"
        tt="none"
        title="Aucun serveur central : ce poste travaille seul (Réglages)"
      >
        Sans serveur central
      </Badge>
    );
  if (!state.loggedIn)
    return (
      <Anchor component={Link} to="/reglages" size="xs" c="orange.8" fw={600} style={nowrap}>
        Non connecté
      </Anchor>
    );
  const online = state.online !== false && state.lastError?.code !== 'SYNC_OFFLINE';
  return (
    <Badge
      color={online ? 'green' : 'orange'}
      variant="light"
      tt="none"
      miw="max-content"
      title={state.lastError?.message}
    >
      {online ? 'En ligne' : 'Hors ligne'}
    </Badge>
  );
}

const nowrap = { whiteSpace: 'nowrap' } as const;

function plural(count: number, one: string, many: string): string {
  return `${count} ${count > 1 ? many : one}`;
}

function formatWhen(iso: string): string {
  const date = new Date(iso);
  const today = new Date().toDateString() === date.toDateString();
  const time = date.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });
  return today ? `à ${time}` : `le ${date.toLocaleDateString('fr-FR')} à ${time}`;
}
