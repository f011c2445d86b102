import { Checkbox, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import type { Output } from '../../../shared/contract.ts';
import { ilsCodes, ilsLabels, libraryKindLabels, libraryKinds } from '../../../shared/domain/library.ts';
import { CommuneSelect } from './CommuneSelect.tsx';
import type { LibraryDraft } from './libraryDraft.ts';

/** The inputs of a library, shared by the "add" form and the detail screen. */
export function LibraryFields({
  draft,
  onChange,
  communes,
}: {
  draft: LibraryDraft;
  onChange: (draft: LibraryDraft) => void;
  communes: Output<'commune.list'>;
}) {
  const text = (field: 'name' | 'contactName' | 'contactEmail' | 'contactPhone' | 'participatingSince') =>
    ({
      value: draft[field],
      onChange: (event: { currentTarget: { value: string } }) =>
        onChange({ ...draft, [field]: event.currentTarget.value }),
    }) as const;

  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Nom" placeholder="Ex. : Médiathèque de Figeac" required {...text('name')} />
        <Select
          label="Type"
          data={libraryKinds.map((kind) => ({ value: kind, label: libraryKindLabels[kind] }))}
          value={draft.kind}
          onChange={(value) => value && onChange({ ...draft, kind: value as LibraryDraft['kind'] })}
          allowDeselect={false}
        />
        <CommuneSelect
          communes={communes}
          value={draft.commune}
          onChange={(commune) => onChange({ ...draft, commune })}
        />
        <Select
          label="SIGB"
          placeholder="Logiciel de la bibliothèque"
          required
          data={ilsCodes.map((code) => ({ value: code, label: ilsLabels[code] }))}
          value={draft.ils}
          onChange={(value) => onChange({ ...draft, ils: value as LibraryDraft['ils'] })}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label="Contact" placeholder="Nom du ou de la responsable" {...text('contactName')} />
        <TextInput label="E-mail du contact" type="email" {...text('contactEmail')} />
        <TextInput label="Téléphone du contact" type="tel" {...text('contactPhone')} />
      </SimpleGrid>
      <Group align="flex-end">
        <Checkbox
          label="Participe à la médiathèque numérique"
          checked={draft.participating}
          onChange={(event) => {
            const participating = event.currentTarget.checked;
            // A library that stops participating has no "since" date any more.
            onChange({
              ...draft,
              participating,
              participatingSince: participating ? draft.participatingSince : '',
            });
          }}
          mb={8}
        />
        <TextInput
          type="date"
          label="Depuis le"
          disabled={!draft.participating}
          w={170}
          {...text('participatingSince')}
        />
      </Group>
    </>
  );
}
