import { Button, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { EpciDetail } from '../../../shared/domain/collectivity.ts';
import { api } from '../../api.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAction } from '../../components/useAction.ts';

type Contact = EpciDetail['contacts'][number];
const blank = { name: '', role: '', email: '', phone: '' };

/** The people to talk to at the EPCI; editing is a form, removing asks first. */
export function ContactsPanel({ epci, onChanged }: { epci: EpciDetail; onChanged: () => void }) {
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [removing, setRemoving] = useState<Contact | null>(null);
  const removal = useAction();

  async function remove() {
    if (!removing) return;
    const done = await removal.run(() => api.call('contact.remove', { id: removing.id }));
    if (done) {
      setRemoving(null);
      onChanged();
    }
  }

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
              removal.clear();
              setRemoving(c);
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
        opened={removing !== null}
        title="Supprimer ce contact ?"
        confirmLabel="Supprimer le contact"
        danger
        busy={removal.busy}
        error={removal.error}
        onConfirm={remove}
        onClose={() => setRemoving(null)}
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
  const [fields, setFields] = useState(contact ? { ...contact } : { ...blank });
  const action = useAction();
  const set = (field: keyof typeof blank) => (event: { currentTarget: { value: string } }) =>
    setFields({ ...fields, [field]: event.currentTarget.value });

  async function submit() {
    const values = { name: fields.name, role: fields.role, email: fields.email, phone: fields.phone };
    const saved = await action.run(() =>
      contact
        ? api.call('contact.update', { id: contact.id, ...values })
        : api.call('contact.add', { siren, ...values }),
    );
    if (saved) onSaved();
  }

  return (
    <Modal opened onClose={onClose} title={contact ? `Modifier ${contact.name}` : 'Nouveau contact'} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <SimpleGrid cols={2}>
            <TextInput label="Nom" required value={fields.name} onChange={set('name')} data-autofocus />
            <TextInput
              label="Fonction"
              placeholder="Ex. : DGS, élu à la culture"
              value={fields.role}
              onChange={set('role')}
            />
            <TextInput label="E-mail" type="email" value={fields.email} onChange={set('email')} />
            <TextInput label="Téléphone" type="tel" value={fields.phone} onChange={set('phone')} />
          </SimpleGrid>
          <ErrorAlert error={action.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={action.busy}>
              {contact ? 'Enregistrer' : 'Ajouter le contact'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
