import { Button, Group, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { EpciDetail } from '../../../shared/domain/collectivity.ts';
import {
  type OnboardingStatus,
  onboardingStatuses,
  onboardingStatusLabels,
} from '../../../shared/domain/onboarding.ts';
import { api } from '../../api.ts';
import { useStaff } from '../../app/staff.tsx';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { statusColors } from '../../components/StatusBadge.tsx';
import { useAction } from '../../components/useAction.ts';

/** A move up the onboarding ladder (as opposed to a step back, a suspension or leaving). */
function isForward(from: OnboardingStatus, to: OnboardingStatus): boolean {
  if (to === 'suspended' || to === 'left') return false;
  if (from === 'left' || from === 'suspended') return true;
  return onboardingStatuses.indexOf(to) > onboardingStatuses.indexOf(from);
}

/** The moves the workflow allows from here, one button each; the move itself waits for a confirmation. */
export function StatusPanel({ epci, onChanged }: { epci: EpciDetail; onChanged: () => void }) {
  const [target, setTarget] = useState<OnboardingStatus | null>(null);
  const [note, setNote] = useState('');
  const action = useAction();
  const { staffName } = useStaff();

  function open(status: OnboardingStatus) {
    action.clear();
    setNote('');
    setTarget(status);
  }

  async function confirm() {
    if (!target) return;
    const moved = await action.run(() =>
      api.call('epci.setStatus', { siren: epci.siren, status: target, note }),
    );
    if (moved) {
      setTarget(null);
      onChanged();
    }
  }

  return (
    <Group gap="xs" role="group" aria-label="Changer le statut">
      <Text size="sm" c="dimmed">
        Faire passer à :
      </Text>
      {epci.allowedMoves.map((status) => {
        const forward = isForward(epci.status, status);
        const leaving = status === 'left';
        return (
          <Button
            key={status}
            size="xs"
            color={leaving ? 'red' : statusColors[status]}
            variant={forward ? 'filled' : leaving ? 'outline' : 'default'}
            leftSection={leaving ? undefined : <span aria-hidden="true">{forward ? '→' : '↩'}</span>}
            onClick={() => open(status)}
          >
            {onboardingStatusLabels[status]}
          </Button>
        );
      })}
      <ConfirmModal
        opened={target !== null}
        title={
          target
            ? `Passer de « ${onboardingStatusLabels[epci.status]} » à « ${onboardingStatusLabels[target]} »`
            : ''
        }
        confirmLabel="Confirmer le changement"
        danger={target === 'left'}
        busy={action.busy}
        error={action.error}
        onConfirm={confirm}
        onClose={() => setTarget(null)}
      >
        <Textarea
          label="Note (facultative)"
          description="Ce qui motive le changement : réunion, courrier, délibération…"
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          autosize
          minRows={2}
          data-autofocus
        />
        <Text size="sm" c="dimmed">
          Le changement sera daté et signé {staffName ? `« ${staffName} »` : 'du nom indiqué dans Réglages'}{' '}
          dans l’historique de {epci.name}.
        </Text>
      </ConfirmModal>
    </Group>
  );
}
