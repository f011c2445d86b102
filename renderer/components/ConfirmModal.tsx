import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ErrorPayload } from '../../shared/errors.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

interface Props {
  opened: boolean;
  title: string;
  /** What will happen, shown before anything is written. */
  children: ReactNode;
  confirmLabel: string;
  /** The way out without writing, when "Annuler" would be ambiguous ("Annuler cet import ?"). */
  cancelLabel?: string;
  danger?: boolean;
  busy?: boolean;
  error?: ErrorPayload | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** The pause before an irreversible write: says what will change, and waits for a deliberate click. */
export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  cancelLabel = 'Annuler',
  danger,
  busy,
  error,
  onConfirm,
  onClose,
}: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack gap="sm">
        {children}
        <ErrorAlert error={error ?? null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {cancelLabel}
          </Button>
          <Button color={danger ? 'red' : undefined} loading={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
