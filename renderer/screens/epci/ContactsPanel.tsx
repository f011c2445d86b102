import { Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { contract } from '../../../shared/contract.ts';
import type { EpciDetail } from '../../../shared/domain/collectivity.ts';
import { api } from '../../api.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { useContractForm } from '../../components/contractForm.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { useConfirmedAction } from '../../components/useConfirmedAction.ts';

type Contact = EpciDetail['contacts'][number];
const blank = { name: '', role: '', email: '', phone: '' };

/** The people to talk to at the EPCI; editing is a form, removing asks first. */
export function ContactsPanel({ epci, onChanged }: { epci: EpciDetail; onChanged: () => void }) {
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const removal = useConfirmedAction(
    (item: Contact) => api.call('contact.remove', { id: item.id }),
    onChanged,
  );
  const removing = removal.item;

  const columns: Column<Contact>[] = [
    { key: 'name', label: 'Nom', value: (c) => c.name },
    { key: 'role', label: 'Fonction', value: (c) => c.role },
    // Plain text, not a mailto: link: the desktop window blocks every navigation, so it would do nothing.
    { key: 'email', label: 'E-mail', value: (c) => c.email },
    { key: 'phone', label: 'Téléphone', value: (c) => c.phone },
    {
      key: 'actions',
      label: 'Actions',
      value: () => '',
      sortable: false,
      render: (c) => (
        <Group gap={4} wrap="nowrap">
          <Button size="compact-xs" variant="default" onClick={() => setEditing(c)}>
            Modifier
          </Button>
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            onClick={() => {
              removal.ask(c);
            }}
          >
            Supprimer
          </Button>
        </Group>
      ),
    },
  ];

  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button size="xs" onClick={() => setEditing('new')}>
          Ajouter un contact
        </Button>
      </Group>
      <DataTable
        caption={`Contacts de ${epci.name}`}
        columns={columns}
        rows={epci.contacts}
        rowKey={(c) => c.id}
        empty="Aucun contact enregistré."
      />
      {editing !== null && (
        <ContactForm
          siren={epci.siren}
          contact={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
      <ConfirmModal
        {...removal.modal}
        title="Supprimer ce contact ?"
        confirmLabel="Supprimer le contact"
        danger
      >
        <Text size="sm">
          <b>{removing?.name}</b>
          {removing?.role && ` (${removing.role})`} ne figurera plus parmi les contacts de {epci.name}. Ses
          coordonnées restent lisibles dans le journal.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

function ContactForm({
  siren,
  contact,
  onClose,
  onSaved,
}: {
  siren: string;
  contact: Contact | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const initialValues = contact
    ? { name: contact.name, role: contact.role, email: contact.email, phone: contact.phone }
    : { ...blank };
  const contactForm = useContractForm({
    initialValues,
    schema: contact ? contract['contact.update'].input : contract['contact.add'].input,
    toInput: (values) => (contact ? { id: contact.id, ...values } : { siren, ...values }),
    send: (_input, values) =>
      contact
        ? api.call('contact.update', { id: contact.id, ...values })
        : api.call('contact.add', { siren, ...values }),
    onSaved,
  });
  const { form } = contactForm;

  return (
    <FormModal
      title={contact ? `Modifier ${contact.name}` : 'Nouveau contact'}
      submitLabel={contact ? 'Enregistrer' : 'Ajouter le contact'}
      contract={contactForm}
      onClose={onClose}
    >
      <SimpleGrid cols={2}>
        <TextInput label="Nom" required data-autofocus {...form.getInputProps('name')} />
        <TextInput
          label="Fonction"
          placeholder="Ex. : DGS, élu à la culture"
          {...form.getInputProps('role')}
        />
        <TextInput label="E-mail" type="email" {...form.getInputProps('email')} />
        <TextInput label="Téléphone" type="tel" {...form.getInputProps('phone')} />
      </SimpleGrid>
    </FormModal>
  );
}
