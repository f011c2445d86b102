import { Text } from '@mantine/core';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';

/** Before an import read and not yet saved is abandoned (button, or leaving the screen). */
export function LeaveImport({
  opened,
  fileName,
  onStay,
  onLeave,
}: {
  opened: boolean;
  fileName: string;
  onStay: () => void;
  onLeave: () => void;
}) {
  return (
    <ConfirmModal
      opened={opened}
      title="Abandonner cet import ?"
      confirmLabel="Abandonner l’import"
      cancelLabel="Continuer l’import"
      danger
      onConfirm={onLeave}
      onClose={onStay}
    >
      <Text size="sm">
        Le fichier « {fileName} » a été lu mais ses lecteurs ne sont pas enregistrés. En abandonnant, la
        lecture et vos corrections sont perdues ; rien n’est modifié dans la base.
      </Text>
    </ConfirmModal>
  );
}
