import {
  Alert,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { contract, type Output } from '../../../shared/contract.ts';
import { platformAddresses, type RegisteredPlatform } from '../../../shared/sync/access.ts';
import { api } from '../../api.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { useContractForm } from '../../components/contractForm.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { useApi } from '../../components/useApi.ts';
import { useConfirmedAction } from '../../components/useConfirmedAction.ts';
import { formatDateTimeFr } from '../../format.ts';

type Platform = Output<'access.platform.list'>['platforms'][number];

/**
 * The resource platforms allowed to sign patrons in: listed, added (the client secret shown once) and
 * removed with confirmation. Only an admin account of the central service changes them.
 */
export function Platforms() {
  const list = useApi('access.platform.list', {});
  const [adding, setAdding] = useState(false);
  const [registered, setRegistered] = useState<RegisteredPlatform | null>(null);
  const removal = useConfirmedAction(
    (platform: Platform) => api.call('access.platform.remove', { clientId: platform.clientId }),
    list.reload,
  );
  const columns: Column<Platform>[] = [
    { key: 'name', label: 'Plateforme', value: (p) => p.name },
    {
      key: 'clientId',
      label: 'Identifiant client',
      value: (p) => p.clientId,
      render: (p) => <Code>{p.clientId}</Code>,
    },
    { key: 'redirect', label: 'Adresses de retour', value: platformAddresses },
    {
      key: 'claims',
      label: 'Transmis en plus',
      value: (p) =>
        [p.sendCategory ? 'catégorie' : '', p.sendAgeBand ? 'tranche d’âge' : '']
          .filter(Boolean)
          .join(', ') || 'rien',
    },
    {
      key: 'created',
      label: 'Ajoutée le',
      value: (p) => p.createdAt,
      render: (p) => formatDateTimeFr(p.createdAt),
    },
    {
      key: 'actions',
      label: 'Actions',
      value: () => '',
      sortable: false,
      render: (p) => (
        <Button
          size="compact-xs"
          variant="subtle"
          color="red"
          aria-label={`Retirer la plateforme ${p.name}`}
          onClick={() => removal.ask(p)}
        >
          Retirer
        </Button>
      ),
    },
  ];
  return (
    <Stack gap="xs" component="section" aria-labelledby="access-platforms-title">
      <Group justify="space-between">
        <Title order={4} size="h5" id="access-platforms-title">
          Plateformes autorisées
        </Title>
        <Button variant="light" onClick={() => setAdding(true)}>
          Ajouter une plateforme
        </Button>
      </Group>
      <LoadState state={list}>
        {(data) => (
          <DataTable
            caption="Plateformes autorisées à connecter les lecteurs"
            columns={columns}
            rows={data.platforms}
            rowKey={(p) => p.clientId}
            empty="Aucune plateforme enregistrée."
          />
        )}
      </LoadState>
      {adding && (
        <AddPlatform
          onClose={() => setAdding(false)}
          onAdded={(platform) => {
            setAdding(false);
            setRegistered(platform);
            list.reload();
          }}
        />
      )}
      <SecretShown platform={registered} onClose={() => setRegistered(null)} />
      <ConfirmModal
        {...removal.modal}
        title="Retirer cette plateforme ?"
        confirmLabel="Retirer la plateforme"
        danger
      >
        <Text size="sm">
          <b>{removal.item?.name}</b> ne pourra plus connecter de lecteurs à la médiathèque numérique. Pour la
          rétablir, il faudra l’ajouter de nouveau et lui transmettre un nouveau secret.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

const blank = { name: '', redirectUris: '', sendCategory: false, sendAgeBand: false };

function AddPlatform({
  onClose,
  onAdded,
}: {
  onClose: () => void;
  onAdded: (p: RegisteredPlatform) => void;
}) {
  const adding = useContractForm({
    initialValues: blank,
    schema: contract['access.platform.register'].input,
    toInput: (values) => ({
      ...values,
      redirectUris: values.redirectUris
        .split(/\s+/)
        .map((line) => line.trim())
        .filter(Boolean),
    }),
    send: (input) => api.call('access.platform.register', input),
    onSaved: (platform) => onAdded(platform),
  });
  const { form } = adding;
  return (
    <FormModal
      title="Ajouter une plateforme"
      submitLabel="Enregistrer la plateforme"
      contract={adding}
      onClose={onClose}
    >
      <Stack gap="sm">
        <TextInput label="Nom de la plateforme" placeholder="Cantook" {...form.getInputProps('name')} />
        <Textarea
          label="Adresses de retour"
          description="Données par la plateforme, une par ligne, en https://"
          autosize
          minRows={2}
          {...form.getInputProps('redirectUris')}
        />
        <Checkbox
          label="Lui transmettre la catégorie du lecteur (adulte, jeunesse…)"
          {...form.getInputProps('sendCategory', { type: 'checkbox' })}
        />
        <Checkbox
          label="Lui transmettre la tranche d’âge du lecteur"
          {...form.getInputProps('sendAgeBand', { type: 'checkbox' })}
        />
        <Text size="xs" c="dimmed">
          La bibliothèque et l’EPCI du lecteur sont toujours transmis ; jamais son nom ni son numéro de carte.
        </Text>
      </Stack>
    </FormModal>
  );
}

function SecretShown({ platform, onClose }: { platform: RegisteredPlatform | null; onClose: () => void }) {
  return (
    <Modal opened={platform !== null} onClose={onClose} title="Plateforme enregistrée" centered size="lg">
      {platform && (
        <Stack gap="sm">
          <Text size="sm">
            Transmettez à <b>{platform.name}</b> son identifiant et son secret client, par un moyen sûr.
          </Text>
          <Alert color="yellow" role="alert" title="Le secret ne sera plus affiché">
            Copiez-le maintenant : ni ce poste ni le serveur central ne pourront le montrer de nouveau. S’il
            est perdu, retirez la plateforme et ajoutez-la de nouveau.
          </Alert>
          {[
            { label: 'Identifiant client', value: platform.clientId },
            { label: 'Secret client', value: platform.clientSecret },
          ].map((row) => (
            <Stack key={row.label} gap={2}>
              <Text size="sm" fw={600}>
                {row.label}
              </Text>
              <Group gap="xs" wrap="nowrap">
                <Code style={{ wordBreak: 'break-all' }}>{row.value}</Code>
                <CopyButton value={row.value}>
                  {({ copied, copy }) => (
                    <Button
                      size="compact-sm"
                      variant="light"
                      onClick={copy}
                      aria-label={`Copier : ${row.label}`}
                    >
                      {copied ? 'Copié' : 'Copier'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Stack>
          ))}
          <Group justify="flex-end">
            <Button onClick={onClose}>J’ai copié le secret</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
