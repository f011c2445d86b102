import {
  Alert,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  MultiSelect,
  NumberInput,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { contract, type Output } from '../../../shared/contract.ts';
import type { AccessPolicy } from '../../../shared/domain/eligibility.ts';
import { AppError } from '../../../shared/errors.ts';
import { api } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { useAction } from '../../components/useAction.ts';
import { useApi } from '../../components/useApi.ts';
import { formatDateTimeFr } from '../../format.ts';
import { Platforms } from './AccessPlatforms.tsx';

type PolicyView = Output<'access.policy.get'>;

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
