import {
  Alert,
  Button,
  Card,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { contract, type Output } from '../../../shared/contract.ts';
import type { AccessPolicy } from '../../../shared/domain/eligibility.ts';
import { AppError } from '../../../shared/errors.ts';
import type { RegisteredPlatform } from '../../../shared/sync/access.ts';
import { api } from '../../api.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { useContractForm } from '../../components/contractForm.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { useAction } from '../../components/useAction.ts';
import { useApi } from '../../components/useApi.ts';
import { useConfirmedAction } from '../../components/useConfirmedAction.ts';
import { formatDateTimeFr } from '../../format.ts';

type PolicyView = Output<'access.policy.get'>;
type Platform = Output<'access.platform.list'>['platforms'][number];

/**
 * « Accès des lecteurs »: who may enter the médiathèque numérique (the Département's rules) and which
 * resource platforms may sign patrons in. Both are held by the central service; only an admin account
 * changes them, others read what this PC last received.
 */
export function AccessPanel() {
  const status = useApi('sync.status', {});
  const policy = useApi('access.policy.get', { refresh: true });
  const signedIn = status.data?.loggedIn === true;
  const admin = signedIn && status.data?.user?.role === 'admin';
  const reachable = policy.data !== undefined && policy.data.refreshError === null;

  /** Why this PC cannot change the rules here, in one sentence; null when it can. */
  const readOnlyReason = !status.data
    ? null
    : !status.data.configured || !signedIn
      ? 'Ce poste n’est pas connecté au serveur central : les règles ci-dessous sont celles qu’il applique, en lecture seule. Connectez-vous avec un compte administrateur (Serveur central, plus haut) pour les modifier.'
      : !admin
        ? 'Seul un compte administrateur du serveur central peut modifier ces règles et les plateformes : votre compte les consulte.'
        : !reachable
          ? 'Serveur central injoignable : les règles ci-dessous sont celles reçues la dernière fois ; réessayez une fois la connexion revenue.'
          : null;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="access-panel-title">
      <Title order={3} size="h4" mb="xs" id="access-panel-title">
        Accès des lecteurs
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Qui peut entrer dans la médiathèque numérique, et quelles plateformes de ressources peuvent connecter
        les lecteurs. Ces réglages sont ceux du serveur central, communs à tous les postes.
      </Text>
      <LoadState state={policy}>
        {(view) => (
          <Stack gap="md">
            {readOnlyReason && (
              <Alert color={reachable || !signedIn ? 'gray' : 'yellow'} role="status" py="xs">
                {readOnlyReason}
              </Alert>
            )}
            <PolicyForm view={view} editable={readOnlyReason === null} onSaved={policy.reload} />
            {view.connection && <Connection connection={view.connection} />}
            {readOnlyReason === null && <Platforms />}
          </Stack>
        )}
      </LoadState>
    </Card>
  );
}

function PolicyForm({
  view,
  editable,
  onSaved,
}: {
  view: PolicyView;
  editable: boolean;
  onSaved: () => void;
}) {
  const epcis = useApi('epci.list', {});
  const [graceDays, setGraceDays] = useState<number | string>(view.policy.graceDays);
  const [opened, setOpened] = useState<string[]>(view.policy.openedEpcis);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => {
    setGraceDays(view.policy.graceDays);
    setOpened(view.policy.openedEpcis);
  }, [view.policy]);
  const save = async () => {
    setSaved(false);
    const policy: AccessPolicy = { graceDays: Number(graceDays), openedEpcis: opened };
    const checked = contract['access.policy.update'].input.safeParse(policy);
    if (!checked.success) {
      const message = checked.error.issues[0]?.message ?? 'Règles invalides.';
      await action.run(() => Promise.reject(new AppError('INVALID_INPUT', message)));
      return;
    }
    if (await action.run(() => api.call('access.policy.update', checked.data))) {
      setSaved(true);
      onSaved();
    }
  };
  const source = view.fromCentral
    ? `Règles reçues du serveur central${view.fetchedAt ? ` le ${formatDateTimeFr(view.fetchedAt)}` : ''}.`
    : 'Ce poste n’a encore reçu aucune règle du serveur central : il applique les règles par défaut.';
  return (
    <Stack gap="xs" component="section" aria-labelledby="access-policy-title">
      <Title order={4} size="h5" id="access-policy-title">
        Règles d’accès
      </Title>
      <Text size="sm" c="dimmed">
        Un lecteur inscrit dans une bibliothèque participante d’un EPCI sous convention peut entrer. {source}
      </Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NumberInput
          label="Délai de grâce (jours)"
          description="Après la fin de l’abonnement, le temps que le renouvellement arrive"
          min={0}
          max={365}
          w={260}
          value={graceDays}
          onChange={setGraceDays}
          disabled={!editable}
        />
        <MultiSelect
          label="EPCI ouverts par décision du Département"
          description="Leurs lecteurs entrent même sans convention en vigueur (par exemple un essai)"
          placeholder={opened.length === 0 ? 'Aucun' : undefined}
          data={(epcis.data ?? []).map((e) => ({ value: e.siren, label: e.name }))}
          value={opened}
          onChange={setOpened}
          searchable
          clearable
          w={460}
          disabled={!editable}
          nothingFoundMessage="Aucun EPCI de ce nom"
        />
      </Group>
      {editable && (
        <Group>
          <Button onClick={() => void save()} loading={action.busy}>
            Enregistrer les règles d’accès
          </Button>
          {saved && (
            <Text size="sm" c="teal.9" role="status">
              Enregistré sur le serveur central
            </Text>
          )}
        </Group>
      )}
      <ErrorAlert error={action.error} />
    </Stack>
  );
}

function Connection({ connection }: { connection: NonNullable<PolicyView['connection']> }) {
  const rows = [
    { label: 'Émetteur (issuer)', value: connection.issuerUrl },
    { label: 'Adresse de découverte', value: connection.discoveryUrl },
  ];
  return (
    <Stack gap={4} component="section" aria-labelledby="access-connection-title">
      <Title order={4} size="h5" id="access-connection-title">
        Ce qu’il faut donner à une plateforme
      </Title>
      <Text size="sm" c="dimmed">
        Les plateformes connectent les lecteurs par OpenID Connect, avec leur identifiant et leur secret
        client.
      </Text>
      {rows.map((row) => (
        <Group key={row.label} gap="xs" wrap="nowrap">
          <Text size="sm" w={190}>
            {row.label}
          </Text>
          <Code>{row.value}</Code>
          <CopyButton value={row.value}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="subtle" onClick={copy} aria-label={`Copier : ${row.label}`}>
                {copied ? 'Copié' : 'Copier'}
              </Button>
            )}
          </CopyButton>
        </Group>
      ))}
    </Stack>
  );
}

function Platforms() {
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
    { key: 'redirect', label: 'Adresses de retour', value: (p) => p.redirectUris.join(' ') },
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
