import { Button, Group, Modal, type ModalProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { type ContractForm, ContractFormElement } from './contractForm.tsx';

// biome-ignore lint/suspicious/noExplicitAny: any form's values.
interface Props<V extends Record<string, any>> {
  title: string;
  size?: ModalProps['size'];
  /** The button that saves, named for what it does (« Ajouter le contact »). */
  submitLabel: string;
  /** The form (useContractForm): its checks, its errors on their fields, its refusal at the foot. */
  contract: ContractForm<V>;
  /** What the foot error's heading says (« Convention non enregistrée »). */
  errorTitle?: string;
  onClose: () => void;
  children: ReactNode;
}

/** A form in a modal: Entrée submits, Échap or « Annuler » closes without writing. */
// biome-ignore lint/suspicious/noExplicitAny: any form's values.
export function FormModal<V extends Record<string, any>>({
  title,
  size,
  submitLabel,
  contract,
  errorTitle,
  onClose,
  children,
}: Props<V>) {
  return (
    <Modal opened onClose={onClose} title={title} size={size} centered>
      <ContractFormElement
        contract={contract}
        errorTitle={errorTitle}
        actions={
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={contract.busy}>
              {submitLabel}
            </Button>
          </Group>
        }
      >
        {children}
      </ContractFormElement>
    </Modal>
  );
}
