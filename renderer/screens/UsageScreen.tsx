import { Alert, Badge, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { Output } from '../../shared/contract.ts';
import { monthSpanFr } from '../../shared/domain/usage/months.ts';
import type { UsagePreview } from '../../shared/domain/usage/schemas.ts';
import { api } from '../api.ts';
import { ConfirmModal } from '../components/ConfirmModal.tsx';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { readAsBase64 } from '../components/files.ts';
import { LoadState } from '../components/LoadState.tsx';
import { PickFileButton } from '../components/PickFileButton.tsx';
import { useAction } from '../components/useAction.ts';
import { useApi } from '../components/useApi.ts';
import { useConfirmedAction } from '../components/useConfirmedAction.ts';
import { countFr, formatDateTimeFr } from '../format.ts';
import { SushiSources } from './usage/SushiSources.tsx';
import { UsagePreviewPanel } from './usage/UsagePreviewPanel.tsx';

type UsageImport = Output<'usage.list'>[number];

const accepted = '.json,.tsv,.csv,.txt,application/json,text/csv,text/tab-separated-values,text/plain';

/** Vendors' COUNTER usage reports: a file previewed before it is imported, the imports listed and undone. */
export function UsageScreen() {
  const imports = useApi('usage.list', {});
  // A file read here, or a report a SUSHI server sent, staged by the core (committed by its fileId).
  const [file, setFile] = useState<
    { fileName: string; content: string } | { fileName: string; fileId: string; platform: string } | null
  >(null);
  const [platform, setPlatform] = useState('');
  const [preview, setPreview] = useState<UsagePreview | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const reading = useAction();
  const committing = useAction();
  const undo = useConfirmedAction(
    (item: UsageImport) => api.call('usage.undo', { batchId: item.id }),
    (result) => {
      setDone(
        `Import annulé : ${countFr(result.removed, 'chiffre retiré', 'chiffres retirés')}, ${countFr(result.restored, 'chiffre rétabli', 'chiffres rétablis')}.`,
      );
      imports.reload();
    },
  );

  const input = (chosen: NonNullable<typeof file>) =>
    'fileId' in chosen ? chosen : { ...chosen, platform: platform.trim() || undefined };

  async function read(picked: File) {
    setDone(null);
    setPreview(null);
    const chosen = { fileName: picked.name, content: await readAsBase64(picked) };
    setFile(chosen);
    const result = await reading.run(() => api.call('usage.preview', input(chosen)));
    if (result) setPreview(result);
  }

  async function commit() {
    if (!file || !preview) return;
    const result = await committing.run(() =>
      api.call('usage.commit', { ...input(file), sha256: preview.sha256 }),
    );
    if (!result) return;
    setDone(
      `Rapport « ${file.fileName} » importé : ${countFr(result.rows, 'chiffre', 'chiffres')}${result.replaced ? `, ${countFr(result.replaced, 'chiffre remplacé', 'chiffres remplacés')}` : ''}.`,
    );
    setPreview(null);
    setFile(null);
    imports.reload();
  }

  const columns: Column<UsageImport>[] = [
    {
      key: 'committedAt',
      label: 'Date',
      value: (i) => i.committedAt,
      render: (i) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTimeFr(i.committedAt)}</span>,
    },
    {
      key: 'file',
      label: 'Fichier',
      value: (i) => i.fileName,
      render: (i) => (
        <>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {i.fileName}
          </Text>
          <Text size="xs" c="dimmed">
            {i.reportId} · COUNTER {i.release} · par {i.actor}
          </Text>
        </>
      ),
    },
    { key: 'platforms', label: 'Plateforme', value: (i) => i.platforms.join(', ') },
    {
      key: 'period',
      label: 'Période',
      value: (i) => `${i.firstMonth}`,
      render: (i) => monthSpanFr(i.firstMonth, i.lastMonth),
    },
    { key: 'rows', label: 'Chiffres', value: (i) => i.rows },
    {
      key: 'state',
      label: 'État',
      value: (i) => i.undoneAt ?? '',
      render: (i) =>
        i.undoneAt ? (
          <Badge color="gray" variant="light" tt="none">
            Annulé le {formatDateTimeFr(i.undoneAt)}
          </Badge>
        ) : (
          <Group gap={6} wrap="nowrap">
            <Badge color="teal" variant="light" tt="none">
              Enregistré
            </Badge>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              px={6}
              onClick={() => undo.ask(i)}
              aria-label={`Annuler l’import de ${i.fileName}`}
            >
              Annuler…
            </Button>
          </Group>
        ),
    },
  ];

  return (
    <Stack gap="md">
      <Title order={2}>Usages des ressources numériques</Title>
      <Text size="sm" maw={760}>
        Les fournisseurs livrent leurs statistiques au format COUNTER 5 ou 5.1 : rapport de plateforme (PR),
        de bases de données (DR) ou de titres (TR), en JSON (SUSHI) ou en tableau (TSV, CSV). Un rapport est
        vérifié et montré avant d’être importé ; réimporter les mêmes mois d’une plateforme remplace leurs
        chiffres.
      </Text>
      <Group align="flex-end">
        <TextInput
          label="Nom de la plateforme (facultatif)"
          description="Celui des lignes de coût, s’il diffère du nom donné par le rapport."
          value={platform}
          onChange={(event) => setPlatform(event.currentTarget.value)}
          w={340}
        />
        <PickFileButton purpose="usage" accept={accepted} onFile={(picked) => void read(picked)}>
          Importer un rapport d’usage…
        </PickFileButton>
      </Group>
      <SushiSources
        onFetched={({ fileId, platform: sourcePlatform, ...fetched }) => {
          setDone(null);
          reading.clear();
          setFile({ fileName: fetched.fileName, fileId, platform: sourcePlatform });
          setPreview(fetched);
        }}
      />
      <ErrorAlert error={reading.error} title="Rapport refusé" />
      {done && (
        <Alert color="teal" py="xs" role="status">
          {done}
        </Alert>
      )}
      {preview && (
        <UsagePreviewPanel
          preview={preview}
          busy={committing.busy}
          error={committing.error}
          onCommit={() => void commit()}
          onDiscard={() => {
            setPreview(null);
            setFile(null);
            committing.clear();
          }}
        />
      )}
      <Title order={3}>Rapports importés</Title>
      <LoadState state={imports}>
        {(rows) => (
          <DataTable
            caption={
              rows.length > 0
                ? `${countFr(rows.length, 'rapport importé', 'rapports importés')}, les plus récents d’abord`
                : countFr(0, 'rapport importé', 'rapports importés')
            }
            columns={columns}
            rows={rows}
            rowKey={(i) => i.id}
            initialSort={{ key: 'committedAt', descending: true }}
            empty="Aucun rapport d’usage importé."
          />
        )}
      </LoadState>
      <ConfirmModal
        {...undo.modal}
        title="Annuler cet import ?"
        confirmLabel="Annuler l’import"
        cancelLabel="Garder l’import"
        danger
      >
        {undo.item && (
          <Text size="sm">
            Les {countFr(undo.item.rows, 'chiffre', 'chiffres')} de « {undo.item.fileName} » (
            {undo.item.platforms.join(', ')}, {monthSpanFr(undo.item.firstMonth, undo.item.lastMonth)}) seront
            retirés ; ceux qu’il avait remplacés reviendront.
          </Text>
        )}
      </ConfirmModal>
    </Stack>
  );
}
