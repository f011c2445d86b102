import { Anchor, Badge, Breadcrumbs, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { epciTypeLabels, type MemberCommune } from '../../shared/domain/epci.ts';
import { formatInteger } from '../../shared/format.ts';
import { matchesSearch } from '../../shared/text.ts';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { LoadState } from '../components/LoadState.tsx';
import { Stat } from '../components/Stat.tsx';
import { useApi } from '../components/useApi.ts';

const columns: Column<MemberCommune>[] = [
  { key: 'name', label: 'Commune', value: (c) => c.name },
  { key: 'insee', label: 'Code INSEE', value: (c) => c.insee },
  {
    key: 'departement',
    label: 'Département',
    value: (c) => c.departement,
    render: (c) =>
      c.inDepartement ? (
        c.departement
      ) : (
        <Group gap={6}>
          {c.departement}
          <Badge color="orange" variant="light" size="sm">
            hors département
          </Badge>
        </Group>
      ),
  },
  { key: 'municipale', label: 'Population municipale', value: (c) => c.population.municipale },
  { key: 'totale', label: 'Population totale', value: (c) => c.population.totale },
];

export function EpciDetailScreen() {
  const { siren = '' } = useParams();
  const state = useApi('epci.get', { siren });
  const [query, setQuery] = useState('');
  const members = state.data?.communes ?? [];
  const shown = useMemo(
    () => members.filter((c) => matchesSearch(`${c.name} ${c.insee}`, query)),
    [members, query],
  );

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/collectivites">
          Collectivités
        </Anchor>
        <Text>{state.data?.name ?? siren}</Text>
      </Breadcrumbs>
      <LoadState state={state}>
        {(epci) => {
          const outside = epci.communes.filter((c) => !c.inDepartement).length;
          return (
            <>
              <div>
                <Title order={2}>{epci.name}</Title>
                <Text c="dimmed">
                  {epciTypeLabels[epci.type]} · SIREN {epci.siren}
                </Text>
              </div>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <Stat
                  label="Communes membres"
                  value={formatInteger(epci.communes.length)}
                  hint={outside > 0 ? `dont ${outside} hors du département ${epci.departement}` : undefined}
                />
                <Stat label="Population municipale" value={formatInteger(epci.population.municipale)} />
                <Stat label="Population totale" value={formatInteger(epci.population.totale)} />
              </SimpleGrid>
              <Text size="sm" c="dimmed">
                Populations légales {epci.millesime} (en vigueur au 1er janvier {epci.inForceYear}) — source :{' '}
                {epci.source}
              </Text>
              <TextInput
                label="Filtrer les communes"
                placeholder="Nom ou code INSEE"
                value={query}
                onChange={(event) => setQuery(event.currentTarget.value)}
                w={360}
              />
              <DataTable
                caption={`${shown.length} communes sur ${epci.communes.length}`}
                columns={columns}
                rows={shown}
                rowKey={(c) => c.insee}
                empty="Aucune commune ne correspond à ce filtre."
              />
            </>
          );
        }}
      </LoadState>
    </Stack>
  );
}
