import { Checkbox, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { Output } from '../../../shared/contract.ts';
import { ilsCodes, ilsLabels, libraryKindLabels, libraryKinds } from '../../../shared/domain/library.ts';
import { DateField } from '../../components/DateField.tsx';
import { CommuneSelect } from './CommuneSelect.tsx';
import type { LibraryDraft } from './libraryDraft.ts';

/** The inputs of a library, shared by the "add" form and the detail screen; each shows its own error. */
export function LibraryFields({
  form,
  communes,
}: {
  form: UseFormReturnType<LibraryDraft>;
  communes: Output<'commune.list'>;
}) {
  const kind = form.getInputProps('kind');
  const participating = form.getInputProps('participating', { type: 'checkbox' });
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Nom"
          placeholder="Ex. : Médiathèque de Figeac"
          required
          {...form.getInputProps('name')}
        />
        <Select
          label="Type"
          data={libraryKinds.map((value) => ({ value, label: libraryKindLabels[value] }))}
          {...kind}
          onChange={(value) => value && kind.onChange(value)}
          allowDeselect={false}
        />
        <CommuneSelect communes={communes} {...form.getInputProps('commune')} />
        <Select
          label="SIGB"
          placeholder="Logiciel de la bibliothèque"
          required
          data={ilsCodes.map((code) => ({ value: code, label: ilsLabels[code] }))}
          {...form.getInputProps('ils')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label="Contact"
          placeholder="Nom du ou de la responsable"
          {...form.getInputProps('contactName')}
        />
        <TextInput label="E-mail du contact" type="email" {...form.getInputProps('contactEmail')} />
        <TextInput label="Téléphone du contact" type="tel" {...form.getInputProps('contactPhone')} />
      </SimpleGrid>
      <Group align="flex-start">
        <Checkbox
          label="Participe à la médiathèque numérique"
          {...participating}
          onChange={(event) => {
            const checked = event.currentTarget.checked;
            participating.onChange(checked);
            // A library that stops participating has no "since" date any more.
            if (!checked) form.setFieldValue('participatingSince', '');
          }}
          mt={32}
        />
        <DateField
          label="Depuis le"
          disabled={!form.values.participating}
          w={170}
          {...form.getInputProps('participatingSince')}
        />
      </Group>
    </>
  );
}
