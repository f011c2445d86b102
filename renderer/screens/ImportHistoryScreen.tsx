import { Badge, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Output } from '../../shared/contract.ts';
import { api } from '../api.ts';
import { ConfirmModal } from '../components/ConfirmModal.tsx';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { LoadState } from '../components/LoadState.tsx';
import { useApi } from '../components/useApi.ts';
import { useConfirmedAction } from '../components/useConfirmedAction.ts';
import { countFr, formatDateTimeFr } from '../format.ts';
import { modeLabels } from './import/labels.ts';
import { ReportButtons } from './import/ReportButtons.tsx';
import { UndoResult } from './import/UndoResult.tsx';

type Batch = Output<'import.list'>[number];

/** Every committed import, newest first: who, when, which file, what it did; reports and undo. */
export function ImportHistoryScreen() {
  const [params, setParams] = useSearchParams();
  const libraryId = params.get('bibliotheque');
  const state = useApi('import.list', libraryId ? { libraryId } : {});
  const libraries = useApi('library.list', {});
  const [undone, setUndone] = useState<Output<'import.undo'> | null>(null);
  const undo = useConfirmedAction(
    (batch: Batch) => api.call('import.undo', { batchId: batch.id }),
    (result) => {
      setUndone(result);
      state.reload();
    },
  );
  const undoing = undo.item;

  const columns: Column<Batch>[] = [
    {
      key: 'committedAt',
      label: 'Date',
      value: (b) => b.committedAt,
      render: (b) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTimeFr(b.committedAt)}</span>,
    },
    { key: 'library', label: 'Bibliothèque', value: (b) => b.libraryName },
    {
      key: 'file',
      label: 'Fichier',
      value: (b) => b.fileName,
      render: (b) => (
        <>
          <Text size="sm" miw={170} style={{ overflowWrap: 'anywhere' }}>
            {b.fileName}
          </Text>
          <Text size="xs" c="dimmed">
            import {modeLabels[b.mode]} · par {b.actor}
          </Text>
        </>
      ),
    },
    {
      key: 'result',
      label: 'Résultat',
      // Text, so the column stays left-aligned; the collator still sorts it as a number.
      value: (b) => String(b.created + b.updated),
      render: (b) => (
        <>
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {countFr(b.created, 'nouveau', 'nouveaux')} · {countFr(b.updated, 'modifié', 'modifiés')}
            {b.mode === 'full' && ` · ${countFr(b.unregistered, 'désinscrit', 'désinscrits')}`}
          </Text>
          <Text size="xs" c="dimmed">
            {countFr(b.rejected, 'rejeté', 'rejetés')} ·{' '}
            {countFr(b.warnings, 'avertissement', 'avertissements')} ·{' '}
            {countFr(b.possibleDuplicates, 'doublon possible', 'doublons possibles')}
          </Text>
        </>
      ),
    },
    {
      key: 'state',
      label: 'État',
      value: (b) => b.undoneAt ?? '',
      render: (b) =>
        b.undoneAt ? (
          <>
            <Badge color="gray" variant="light" tt="none" miw="max-content">
              Annulé
            </Badge>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              le {formatDateTimeFr(b.undoneAt)}
              {b.undoneBy && (
                <>
                  <br />
                  par {b.undoneBy}
                </>
              )}
            </Text>
          </>
        ) : (
          <Badge color="teal" variant="light" tt="none" miw="max-content">
            Enregistré
          </Badge>
        ),
    },
    {
      key: 'actions',
      label: 'Rapport',
      sortable: false,
      value: () => '',
      render: (b) => (
        <Group gap={6} wrap="nowrap">
          <ReportButtons batchId={b.id} size="xs" />
          {!b.undoneAt && (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              px={6}
              onClick={() => {
                undo.ask(b);
              }}
              aria-label={`Annuler l’import de ${b.fileName}`}
            >
              Annuler…
            </Button>
          )}
        </Group>
      ),
    },
  ];

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Imports de lecteurs</Title>
        <Button
          component={Link}
          to={libraryId ? `/imports/nouveau?bibliotheque=${libraryId}` : '/imports/nouveau'}
        >
          Importer un fichier
        </Button>
      </Group>
      <Select
        label="Bibliothèque"
        placeholder="Toutes les bibliothèques"
        data={(libraries.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
        value={libraryId}
        onChange={(value) => setParams(value ? { bibliotheque: value } : {}, { replace: true })}
        clearable
        searchable
        w={340}
      />
      {undone && <UndoResult result={undone} />}
      <LoadState state={state}>
        {(batches) => (
          <DataTable
            caption={
              batches.length > 0
                ? `${countFr(batches.length, 'import', 'imports')}, les plus récents d’abord — un import annulé reste listé`
                : countFr(0, 'import', 'imports')
            }
            columns={columns}
            rows={batches}
            rowKey={(b) => b.id}
            initialSort={{ key: 'committedAt', descending: true }}
            empty="Aucun import enregistré."
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
        {undoing && (
          <>
            <Text size="sm">
              « {undoing.fileName} » ({undoing.libraryName}, {formatDateTimeFr(undoing.committedAt)}) :{' '}
              {countFr(undoing.created, 'lecteur ajouté sera retiré', 'lecteurs ajoutés seront retirés')}
              {undoing.updated + undoing.unregistered > 0 &&
                `, ${countFr(undoing.updated + undoing.unregistered, 'lecteur modifié retrouvera ses valeurs', 'lecteurs modifiés retrouveront leurs valeurs')} d’avant l’import`}
              .
            </Text>
            <Text size="sm" c="dimmed">
              Un lecteur modifié depuis l’import (par un autre import ou l’examen d’un doublon) est conservé
              tel quel.
            </Text>
          </>
        )}
      </ConfirmModal>
    </Stack>
  );
}
