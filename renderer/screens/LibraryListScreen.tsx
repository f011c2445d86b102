import { Button, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { matchesSearch } from '../../shared/text.ts';
import { DataTable } from '../components/DataTable.tsx';
import { LoadState } from '../components/LoadState.tsx';
import { useApi } from '../components/useApi.ts';
import { countFr } from '../format.ts';
import { LibraryAddModal } from './library/LibraryAddModal.tsx';
import { libraryColumns } from './library/libraryColumns.tsx';

export function LibraryListScreen() {
  // The EPCI filter is in the URL, so an EPCI's screen can link to its libraries.
  const [params, setParams] = useSearchParams();
  const epci = params.get('epci');
  const state = useApi('library.list', epci ? { epci } : {});
  const epcis = useApi('epci.list', {});
  const communes = useApi('commune.list', {});
  const [query, setQuery] = useState('');
  const [adding, setAdding] = useState(false);
  const navigate = useNavigate();
  const list = state.data ?? [];
  const shown = useMemo(
    () =>
      list.filter((l) =>
        matchesSearch(`${l.name} ${l.code} ${l.communeName} ${l.commune} ${l.epciName ?? ''}`, query),
      ),
    [list, query],
  );

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Bibliothèques</Title>
        <Button onClick={() => setAdding(true)} disabled={!communes.data}>
          Ajouter une bibliothèque
        </Button>
      </Group>
      <Group align="flex-end">
        <TextInput
          label="Rechercher"
          placeholder="Nom, code, commune ou EPCI"
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
          w={320}
          autoFocus
        />
        <Select
          label="EPCI"
          placeholder="Tous les EPCI"
          data={(epcis.data ?? []).map((e) => ({ value: e.siren, label: e.name }))}
          value={epci}
          onChange={(value) => setParams(value ? { epci: value } : {}, { replace: true })}
          clearable
          searchable
          w={340}
        />
      </Group>
      <LoadState state={state}>
        {(all) => (
          <DataTable
            caption={`${countFr(shown.length, 'bibliothèque', 'bibliothèques')} sur ${all.length} — cliquez une ligne (ou Entrée) pour l’ouvrir`}
            columns={libraryColumns}
            rows={shown}
            rowKey={(l) => l.id}
            onOpen={(l) => navigate(`/bibliotheques/${l.id}`)}
            empty={
              all.length === 0 ? 'Aucune bibliothèque enregistrée.' : 'Aucune bibliothèque ne correspond.'
            }
          />
        )}
      </LoadState>
      {adding && communes.data && (
        <LibraryAddModal
          communes={communes.data}
          onClose={() => setAdding(false)}
          onAdded={(id) => navigate(`/bibliotheques/${id}`)}
        />
      )}
    </Stack>
  );
}
