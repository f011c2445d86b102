import {
  Button,
  Checkbox,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { contract, type Output } from '../../../shared/contract.ts';
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
import { countFr } from '../../format.ts';

type Source = Output<'usage.sushi.list'>[number];
export type SushiFetched = Output<'usage.sushi.fetch'>;

const reportLabels = { PR: 'Plateforme (PR)', DR: 'Bases de données (DR)', TR: 'Titres (TR)' } as const;
const yesNo = (stored: boolean) => (stored ? 'oui' : 'non');

/** The previous month, as a report is complete only once its month is over. */
function lastMonth(): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/**
 * Vendors' SUSHI endpoints: listed, added, changed, removed; « Récupérer… » asks the months and hands the
 * fetched report's preview to the screen, which imports it as it does a file.
 */
export function SushiSources({ onFetched }: { onFetched: (fetched: SushiFetched) => void }) {
  const sources = useApi('usage.sushi.list', {});
  const [editing, setEditing] = useState<Source | 'new' | null>(null);
  const [fetching, setFetching] = useState<Source | null>(null);
  const remove = useConfirmedAction(
    (source: Source) => api.call('usage.sushi.remove', { id: source.id }),
    () => sources.reload(),
  );

  const columns: Column<Source>[] = [
    { key: 'name', label: 'Plateforme', value: (s) => s.name },
    {
      key: 'address',
      label: 'Adresse',
      value: (s) => s.baseUrl,
      render: (s) => (
        <>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {s.baseUrl}
          </Text>
          <Text size="xs" c="dimmed">
            Client {s.customerId} · rapports {s.reports.join(', ')}
          </Text>
        </>
      ),
    },
    {
      key: 'secrets',
      label: 'Identifiants',
      value: (s) => `${s.requestorIdStored}${s.apiKeyStored}`,
      render: (s) => (
        <Text size="sm">
          Demandeur enregistré : {yesNo(s.requestorIdStored)}
          <br />
          Clé enregistrée : {yesNo(s.apiKeyStored)}
        </Text>
      ),
    },
    {
      key: 'actions',
      label: 'Actions',
      value: () => '',
      render: (s) => (
        <Group gap={6} wrap="nowrap">
          <Button size="xs" onClick={() => setFetching(s)} aria-label={`Récupérer les usages de ${s.name}`}>
            Récupérer…
          </Button>
          <Button
            size="xs"
            variant="default"
            onClick={() => setEditing(s)}
            aria-label={`Modifier la source ${s.name}`}
          >
            Modifier…
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color="red"
            onClick={() => remove.ask(s)}
            aria-label={`Supprimer la source ${s.name}`}
          >
            Supprimer…
          </Button>
        </Group>
      ),
    },
  ];

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Title order={3}>Sources SUSHI</Title>
        <Button variant="default" onClick={() => setEditing('new')}>
          Ajouter une source SUSHI…
        </Button>
      </Group>
      <Text size="sm" maw={760}>
        Un fournisseur qui offre l’API COUNTER_SUSHI donne une adresse et des identifiants : enregistrés ici
        une fois, ils permettent de récupérer ses rapports à la demande. La clé et l’identifiant du demandeur
        restent sur ce poste, hors de la base, et ne sont jamais réaffichés.
      </Text>
      <LoadState state={sources}>
        {(rows) => (
          <DataTable
            caption={countFr(rows.length, 'source SUSHI', 'sources SUSHI')}
            columns={columns}
            rows={rows}
            rowKey={(s) => s.id}
            initialSort={{ key: 'name', descending: false }}
            empty="Aucune source SUSHI enregistrée."
          />
        )}
      </LoadState>
      {editing && (
        <SourceModal
          source={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            sources.reload();
          }}
        />
      )}
      {fetching && (
        <FetchModal
          source={fetching}
          onClose={() => setFetching(null)}
          onFetched={(fetched) => {
            setFetching(null);
            onFetched(fetched);
          }}
        />
      )}
      <ConfirmModal
        {...remove.modal}
        title="Supprimer cette source SUSHI ?"
        confirmLabel="Supprimer la source"
        cancelLabel="Garder la source"
        danger
      >
        {remove.item && (
          <Text size="sm">
            L’adresse et les identifiants de « {remove.item.name} » seront oubliés. Les chiffres déjà importés
            restent.
          </Text>
        )}
      </ConfirmModal>
    </Stack>
  );
}

interface Draft {
  name: string;
  baseUrl: string;
  customerId: string;
  requestorId: string;
  apiKey: string;
  reports: ('PR' | 'DR' | 'TR')[];
}

function SourceModal({
  source,
  onClose,
  onSaved,
}: {
  source: Source | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const sourceForm = useContractForm({
    initialValues: {
      name: source?.name ?? '',
      baseUrl: source?.baseUrl ?? 'https://',
      customerId: source?.customerId ?? '',
      requestorId: '',
      apiKey: '',
      reports: source?.reports ?? ['PR'],
    } satisfies Draft as Draft,
    schema: contract['usage.sushi.save'].input,
    // A secret left empty keeps the one stored: secrets are written, never read back.
    toInput: (d: Draft) => ({
      ...(source ? { id: source.id } : {}),
      name: d.name,
      baseUrl: d.baseUrl,
      customerId: d.customerId,
      ...(d.requestorId.trim() ? { requestorId: d.requestorId } : {}),
      ...(d.apiKey.trim() ? { apiKey: d.apiKey } : {}),
      reports: d.reports,
    }),
    send: (input) => api.call('usage.sushi.save', input),
    onSaved,
  });
  const kept = (stored: boolean | undefined) =>
    stored ? 'Enregistré : laissez vide pour le garder.' : 'Aucun enregistré.';
  return (
    <FormModal
      title={source ? `Source SUSHI « ${source.name} »` : 'Nouvelle source SUSHI'}
      size="lg"
      submitLabel="Enregistrer la source"
      contract={sourceForm}
      errorTitle="Source non enregistrée"
      onClose={onClose}
    >
      <TextInput
        label="Plateforme"
        description="Le nom sous lequel ses chiffres sont rangés (celui des lignes de coût)."
        required
        {...sourceForm.form.getInputProps('name')}
      />
      <TextInput
        label="Adresse SUSHI"
        description="Donnée par le fournisseur, elle commence par https://"
        required
        {...sourceForm.form.getInputProps('baseUrl')}
      />
      <TextInput
        label="Identifiant client (customer_id)"
        required
        {...sourceForm.form.getInputProps('customerId')}
      />
      <PasswordInput
        label="Identifiant du demandeur (requestor_id)"
        description={`Si le fournisseur en donne un. ${kept(source?.requestorIdStored)}`}
        autoComplete="off"
        {...sourceForm.form.getInputProps('requestorId')}
      />
      <PasswordInput
        label="Clé d’API (api_key)"
        description={`Si le fournisseur en donne une. ${kept(source?.apiKeyStored)}`}
        autoComplete="off"
        {...sourceForm.form.getInputProps('apiKey')}
      />
      <Checkbox.Group label="Rapports à récupérer" {...sourceForm.form.getInputProps('reports')}>
        <Group mt={6}>
          {(['PR', 'DR', 'TR'] as const).map((kind) => (
            <Checkbox key={kind} value={kind} label={reportLabels[kind]} />
          ))}
        </Group>
      </Checkbox.Group>
    </FormModal>
  );
}

function FetchModal({
  source,
  onClose,
  onFetched,
}: {
  source: Source;
  onClose: () => void;
  onFetched: (fetched: SushiFetched) => void;
}) {
  const month = lastMonth();
  const [begin, setBegin] = useState(`${month.slice(0, 4)}-01`);
  const [end, setEnd] = useState(month);
  const [report, setReport] = useState<'PR' | 'DR' | 'TR'>(source.reports[0] ?? 'PR');
  const fetching = useAction();
  async function fetchReport() {
    const fetched = await fetching.run(() =>
      api.call('usage.sushi.fetch', { sourceId: source.id, begin, end, report }),
    );
    if (fetched) onFetched(fetched);
  }
  return (
    <Modal opened onClose={onClose} title={`Récupérer les usages de ${source.name}`} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void fetchReport();
        }}
      >
        <Stack gap="sm">
          <Group grow>
            <TextInput
              type="month"
              label="Premier mois"
              required
              value={begin}
              onChange={(e) => setBegin(e.currentTarget.value)}
            />
            <TextInput
              type="month"
              label="Dernier mois"
              required
              value={end}
              onChange={(e) => setEnd(e.currentTarget.value)}
            />
          </Group>
          <Select
            label="Rapport"
            data={source.reports.map((kind) => ({ value: kind, label: reportLabels[kind] }))}
            value={report}
            onChange={(value) => value && setReport(value as 'PR' | 'DR' | 'TR')}
            allowDeselect={false}
          />
          <Text size="sm" c="dimmed">
            Le rapport est montré avant d’être importé : rien n’est enregistré à cette étape.
          </Text>
          <ErrorAlert error={fetching.error} title="Rapport non récupéré" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={fetching.busy}>
              Récupérer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
