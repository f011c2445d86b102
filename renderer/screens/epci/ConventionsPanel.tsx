import { Badge, Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { EpciDetail } from '../../../shared/domain/collectivity.ts';
import { describeBandsFr } from '../../../shared/domain/contributions/bands.ts';
import {
  type Convention,
  perimeterLabels,
  populationBasisLabels,
  prorataLabels,
} from '../../../shared/domain/convention.ts';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import { formatEurosFr } from '../../../shared/domain/money.ts';
import { formatBytesFr, formatInteger } from '../../../shared/format.ts';
import { api } from '../../api.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { readAsBase64 } from '../../components/files.ts';
import { useAction } from '../../components/useAction.ts';
import { useConfirmedAction } from '../../components/useConfirmedAction.ts';
import { formatRateFr } from '../../format.ts';
import { ConventionForm } from './ConventionForm.tsx';

const nowrap = { whiteSpace: 'nowrap' } as const;
const money = (value: string | null) => (value === null ? '—' : formatEurosFr(value));

/** The EPCI's conventions, each with the population it froze and its signed PDF's state. */
export function ConventionsPanel({ epci, onChanged }: { epci: EpciDetail; onChanged: () => void }) {
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Convention | null>(null);
  const removal = useConfirmedAction(
    (item: Convention) => api.call('convention.remove', { id: item.id }),
    onChanged,
  );
  const removing = removal.item;
  const upload = useAction();

  async function attach(convention: Convention, file: File | null) {
    if (!file) return;
    const done = await upload.run(async () =>
      api.call('convention.attachDocument', {
        id: convention.id,
        fileName: file.name,
        content: await readAsBase64(file),
      }),
    );
    if (done) onChanged();
  }

  const columns: Column<Convention>[] = [
    {
      key: 'reference',
      label: 'Référence',
      value: (c) => c.reference,
      render: (c) => (
        <>
          <Text size="sm">{c.reference || '—'}</Text>
          {c.signedOn && (
            <Text size="xs" c="dimmed" style={nowrap}>
              signée le {formatDateFr(c.signedOn)}
            </Text>
          )}
        </>
      ),
    },
    {
      key: 'start',
      label: 'Période',
      value: (c) => c.start,
      render: (c) => (
        <>
          <Text size="sm" style={nowrap}>
            du {formatDateFr(c.start)}
          </Text>
          <Text size="sm" style={nowrap}>
            {c.end ? `au ${formatDateFr(c.end)}` : 'sans fin'}
          </Text>
        </>
      ),
    },
    {
      key: 'rate',
      label: 'Taux',
      value: (c) => c.rate,
      render: (c) =>
        c.bands ? (
          <>
            <Text size="sm">{describeBandsFr(c.bands)}</Text>
            <Text size="xs" c="dimmed">
              tranches dégressives, par habitant
            </Text>
          </>
        ) : (
          <Text size="sm" style={nowrap}>
            {formatRateFr(c.rate)}
          </Text>
        ),
    },
    {
      key: 'basis',
      label: 'Population de référence',
      value: (c) => `${c.millesime} ${c.basis}`,
      render: (c) => (
        <>
          <Text size="sm">
            {populationBasisLabels[c.basis]} {c.millesime}
          </Text>
          <Text size="xs" c="dimmed">
            {perimeterLabels[c.perimeter]}
          </Text>
        </>
      ),
    },
    { key: 'prorata', label: 'Prorata', value: (c) => prorataLabels[c.prorata] },
    {
      key: 'bounds',
      label: 'Plancher / plafond',
      value: (c) => `${c.floor ?? ''} ${c.cap ?? ''}`,
      render: (c) => `${money(c.floor)} / ${money(c.cap)}`,
    },
    {
      key: 'population',
      label: 'Population gelée',
      value: (c) => c.population.value ?? -1,
      render: (c) => <FrozenPopulation convention={c} />,
    },
    {
      key: 'document',
      label: 'Document signé',
      value: (c) => c.document?.fileName ?? '',
      sortable: false,
      render: (c) => (
        <Stack gap={2} align="flex-start">
          {c.document ? (
            <>
              <Text size="sm">
                {c.document.fileName}{' '}
                <Text span size="xs" c="dimmed">
                  ({formatBytesFr(c.document.size)})
                </Text>
              </Text>
              <Badge size="xs" variant="light" color={c.document.intact ? 'green' : 'red'} tt="none">
                {c.document.intact ? 'intact' : 'altéré ou manquant'}
              </Badge>
            </>
          ) : (
            <Text size="xs" c="dimmed">
              aucun
            </Text>
          )}
          <FileButton accept="application/pdf" onChange={(file) => void attach(c, file)}>
            {(props) => (
              <Button {...props} size="compact-xs" variant="default" loading={upload.busy}>
                {c.document ? 'Remplacer le PDF' : 'Joindre le PDF signé'}
              </Button>
            )}
          </FileButton>
        </Stack>
      ),
    },
    {
      key: 'actions',
      label: '',
      value: () => '',
      sortable: false,
      render: (c) => (
        <Stack gap={2} align="flex-start">
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => setEditing(c)}
            aria-label={`Modifier la convention ${c.reference || `du ${formatDateFr(c.start)}`}`}
          >
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
        </Stack>
      ),
    },
  ];

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Une seule convention à la fois : deux conventions d’un même EPCI ne peuvent pas se chevaucher.
        </Text>
        <Button size="xs" onClick={() => setAdding(true)}>
          Ajouter une convention
        </Button>
      </Group>
      <ErrorAlert error={upload.error} title="Document non joint" />
      <DataTable
        caption={`Conventions de ${epci.name}`}
        columns={columns}
        rows={epci.conventions}
        rowKey={(c) => c.id}
        initialSort={{ key: 'start', descending: true }}
        empty="Aucune convention enregistrée."
      />
      {adding && (
        <ConventionForm
          epci={epci}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            onChanged();
          }}
        />
      )}
      {editing && (
        <ConventionForm
          epci={epci}
          convention={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
      <ConfirmModal
        {...removal.modal}
        title="Supprimer cette convention ?"
        confirmLabel="Supprimer la convention"
        danger
      >
        {removing && (
          <Text size="sm">
            La convention {removing.reference ? `« ${removing.reference} » ` : ''}du{' '}
            {formatDateFr(removing.start)} ({formatRateFr(removing.rate)}) sera retirée de {epci.name}. Ses
            termes restent lisibles dans le journal.
          </Text>
        )}
      </ConfirmModal>
    </Stack>
  );
}

function FrozenPopulation({ convention }: { convention: Convention }) {
  const { value, communes, missing } = convention.population;
  if (value === null) {
    return (
      <Badge color="orange" variant="light" tt="none" title="Importez ces chiffres dans Réglages">
        manquante pour {missing} commune{missing > 1 ? 's' : ''} sur {communes}
      </Badge>
    );
  }
  return (
    <>
      <Text size="sm" fw={600}>
        {formatInteger(value)} hab.
      </Text>
      <Text size="xs" c={missing > 0 ? 'orange.8' : 'dimmed'}>
        {communes} communes{missing > 0 ? `, ${missing} sans chiffre` : ''}
      </Text>
    </>
  );
}
