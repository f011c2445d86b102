import { Anchor, Group, Stack } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import type { EpciDetail } from '../../../shared/domain/collectivity.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { libraryColumns } from '../library/libraryColumns.tsx';

const columns = libraryColumns.filter((column) => column.key !== 'epci');

/** The libraries in the EPCI's communes; a row opens the library. */
export function LibrariesPanel({ epci }: { epci: EpciDetail }) {
  const navigate = useNavigate();
  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Anchor component={Link} to={`/bibliotheques?epci=${epci.siren}`} size="sm">
          Ajouter ou rechercher dans Bibliothèques
        </Anchor>
      </Group>
      <DataTable
        caption={`Bibliothèques de ${epci.name} — cliquez une ligne (ou Entrée) pour l’ouvrir`}
        columns={columns}
        rows={epci.libraries}
        rowKey={(l) => l.id}
        onOpen={(l) => navigate(`/bibliotheques/${l.id}`)}
        empty="Aucune bibliothèque enregistrée dans les communes de cet EPCI."
      />
    </Stack>
  );
}
