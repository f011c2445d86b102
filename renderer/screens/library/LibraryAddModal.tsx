import { TextInput } from '@mantine/core';
import { contract, type Output } from '../../../shared/contract.ts';
import { api } from '../../api.ts';
import { useContractForm } from '../../components/contractForm.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { LibraryFields } from './LibraryFields.tsx';
import { emptyDraft, fieldsOf } from './libraryDraft.ts';

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
  const libraryForm = useContractForm({
    initialValues: emptyDraft,
    schema: contract['library.add'].input,
    toInput: (draft) => ({ ...fieldsOf(draft), ...(draft.code.trim() ? { code: draft.code } : {}) }),
    send: (input) => api.call('library.add', input),
    onSaved: (added) => onAdded(added.id),
    fieldOfError: { COMMUNE_UNKNOWN: 'commune', LIBRARY_CODE_TAKEN: 'code' },
  });

  return (
    <FormModal
      title="Nouvelle bibliothèque"
      size="xl"
      submitLabel="Ajouter la bibliothèque"
      contract={libraryForm}
      errorTitle="Bibliothèque non enregistrée"
      onClose={onClose}
    >
      <LibraryFields form={libraryForm.form} communes={communes} />
      <TextInput
        label="Code court"
        description="Facultatif : laissé vide, il est tiré du nom de la commune (ex. FIGEAC, puis FIGEAC-2)."
        w={260}
        {...libraryForm.form.getInputProps('code')}
      />
    </FormModal>
  );
}
