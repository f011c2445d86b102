import { Badge, Group, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { type EpciSummary, epciTypeLabels } from '../../shared/domain/epci.ts';
import { formatInteger } from '../../shared/format.ts';
import { matchesSearch } from '../../shared/text.ts';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { LoadState } from '../components/LoadState.tsx';
import { Stat } from '../components/Stat.tsx';
import { useApi } from '../components/useApi.ts';

const columns: Column<EpciSummary>[] = [
  { key: 'name', label: 'Nom', value: (e) => e.name },
  {
    key: 'type',
    label: 'Type',
    value: (e) => e.type,
    render: (e) => (
      <Badge variant="light" color={e.type === 'CA' ? 'grape' : 'teal'} title={epciTypeLabels[e.type]}>
        {e.type}
      </Badge>
    ),
  },
  { key: 'communes', label: 'Communes', value: (e) => e.communes },
  { key: 'municipale', label: 'Population municipale', value: (e) => e.population.municipale },
  { key: 'totale', label: 'Population totale', value: (e) => e.population.totale },
];

export function EpciListScreen() {
  const state = useApi('epci.list', {});
  const [query, setQuery] = useState('');
  const navigate = useNavigate();
  const list = state.data ?? [];
  const shown = useMemo(
    () => list.filter((e) => matchesSearch(`${e.name} ${e.siren}`, query)),
    [list, query],
  );

  return (
    <Stack gap="md">
      <Title order={2}>Collectivités</Title>
      <LoadState state={state}>
        {(all) => (
          <>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Stat label="EPCI du département" value={formatInteger(all.length)} />
              <Stat label="Communes membres" value={formatInteger(all.reduce((s, e) => s + e.communes, 0))} />
              <Stat
                label="Population municipale"
                value={formatInteger(all.reduce((s, e) => s + e.population.municipale, 0))}
                hint={`Populations légales ${all[0]?.millesime ?? ''}, toutes communes membres`}
              />
            </SimpleGrid>
            <Group>
              <TextInput
                label="Rechercher"
                placeholder="Nom ou SIREN, sans se soucier des accents"
                value={query}
                onChange={(event) => setQuery(event.currentTarget.value)}
                w={360}
                autoFocus
              />
            </Group>
            <DataTable
              caption={`${shown.length} EPCI sur ${all.length} — cliquez une ligne (ou Entrée) pour voir ses communes`}
              columns={columns}
              rows={shown}
              rowKey={(e) => e.siren}
              onOpen={(e) => navigate(`/collectivites/${e.siren}`)}
              empty="Aucun EPCI ne correspond à cette recherche."
            />
          </>
        )}
      </LoadState>
    </Stack>
  );
}
