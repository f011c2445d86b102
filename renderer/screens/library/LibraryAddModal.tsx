import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Output } from '../../../shared/contract.ts';
import { api } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAction } from '../../components/useAction.ts';
import { LibraryFields } from './LibraryFields.tsx';
import { emptyDraft, fieldsOf, missingChoice } from './libraryDraft.ts';

/** A new library; its EPCI follows from its commune, its code from the commune unless given. */
export function LibraryAddModal({
  communes,
  onClose,
  onAdded,
}: {
  communes: Output<'commune.list'>;
  onClose: () => void;
  onAdded: (id: string) => void;
}) {
  const [draft, setDraft] = useState(emptyDraft);
  const [code, setCode] = useState('');
  const [incomplete, setIncomplete] = useState<string | null>(null);
  const action = useAction();

  async function submit() {
    const missing = missingChoice(draft);
    setIncomplete(missing);
    if (missing) return;
    const added = await action.run(() =>
      api.call('library.add', { ...fieldsOf(draft), ...(code.trim() ? { code } : {}) }),
    );
    if (added) onAdded(added.id);
  }

  return (
    <Modal opened onClose={onClose} title="Nouvelle bibliothèque" size="xl" centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <LibraryFields draft={draft} onChange={setDraft} communes={communes} />
          <TextInput
            label="Code court"
            description="Facultatif : laissé vide, il est tiré du nom de la commune (ex. FIGEAC, puis FIGEAC-2)."
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            w={260}
          />
          <ErrorAlert
            error={incomplete ? { code: 'INVALID_INPUT', message: incomplete } : action.error}
            title="Bibliothèque non enregistrée"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={action.busy}>
              Ajouter la bibliothèque
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
