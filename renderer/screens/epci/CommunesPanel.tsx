import { Badge, Group, Stack, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { EpciDetail } from '../../../shared/domain/collectivity.ts';
import type { MemberCommune } from '../../../shared/domain/epci.ts';
import { populationSourceLabel } from '../../../shared/domain/millesime.ts';
import { matchesSearch } from '../../../shared/text.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';

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

/** The member communes, filterable by name or INSEE code; those of another département are flagged. */
export function CommunesPanel({ epci }: { epci: EpciDetail }) {
  const [query, setQuery] = useState('');
  const shown = useMemo(
    () => epci.communes.filter((c) => matchesSearch(`${c.name} ${c.insee}`, query)),
    [epci.communes, query],
  );
  return (
    <Stack gap="sm">
      <TextInput
        label="Filtrer les communes"
        placeholder="Nom ou code INSEE"
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value)}
        w={360}
      />
      <DataTable
        caption={`${shown.length} communes sur ${epci.communes.length} — populations légales ${epci.millesime} (en vigueur au 1er janvier ${epci.inForceYear}), source : ${populationSourceLabel(epci.source)}`}
        columns={columns}
        rows={shown}
        rowKey={(c) => c.insee}
        empty="Aucune commune ne correspond à ce filtre."
      />
    </Stack>
  );
}
