import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { Output } from '../../../shared/contract.ts';
import { formatInteger } from '../../../shared/format.ts';
import { api } from '../../api.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { toDisplayError } from '../../components/displayError.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { useApi } from '../../components/useApi.ts';
import { formatDateTimeFr } from '../../format.ts';

type Activity = Output<'access.activity.get'>;
type LibraryRow = Activity['libraries'][number];

const shareFr = (decimal: string | null) => (decimal === null ? '—' : `${decimal.replace('.', ',')} %`);

const columns: Column<LibraryRow>[] = [
  { key: 'name', label: 'Bibliothèque', value: (l) => l.name },
  { key: 'epci', label: 'EPCI', value: (l) => l.epciName ?? '—' },
  { key: 'active', label: 'Lecteurs actifs', value: (l) => l.active },
  { key: 'registered', label: 'Lecteurs inscrits', value: (l) => l.registered },
  {
    key: 'share',
    label: 'Actifs / inscrits',
    value: (l) => (l.activeShare === null ? -1 : Number(l.activeShare)),
    render: (l) => shareFr(l.activeShare),
  },
];

/**
 * Active patrons per library (« inscrits numériques actifs »: at least one sign-in at a resource platform
 * in the year), as the central service counted them. They come with every sync; the button asks now.
 */
export function ActivePatrons({ year, onRefreshed }: { year: number; onRefreshed: () => void }) {
  const activity = useApi('access.activity.get', { year });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const refresh = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.call('access.activity.refresh', { year });
      activity.reload();
      onRefreshed();
    } catch (caught) {
      setError(toDisplayError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="active-patrons-title">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={4} id="active-patrons-title">
            Lecteurs actifs par bibliothèque en {year}
          </Title>
          <Text size="sm" c="dimmed">
            Un lecteur actif s’est connecté au moins une fois dans l’année à une ressource de la médiathèque
            numérique ; il compte dans la bibliothèque où il est inscrit.
          </Text>
        </div>
        <Button variant="light" onClick={() => void refresh()} loading={busy}>
          Actualiser les chiffres
        </Button>
      </Group>
      {error && <ErrorAlert error={error} />}
      <LoadState state={activity}>
        {(data) =>
          data.fetchedAt === null ? (
            <Text size="sm">
              Pas encore de chiffres de connexion pour {year} : ils arrivent du serveur central à chaque
              synchronisation.
            </Text>
          ) : (
            <Stack gap="xs">
              <Text size="sm">
                {formatInteger(data.active ?? 0)} lecteurs actifs dans le département (chiffres du{' '}
                {formatDateTimeFr(data.fetchedAt)})
                {data.unknownLibraries > 0 &&
                  `, dont ${formatInteger(data.unknownLibraries)} de bibliothèques que ce poste ne connaît pas encore`}
                .
              </Text>
              <DataTable
                caption={`Lecteurs actifs par bibliothèque ${year}`}
                columns={columns}
                rows={data.libraries}
                rowKey={(l) => l.libraryId}
                empty="Aucune bibliothèque participante."
              />
            </Stack>
          )
        }
      </LoadState>
    </Stack>
  );
}
