import { Badge, Group, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { type EpciSummary, epciTypeLabels } from '../../shared/domain/epci.ts';
import {
  type OnboardingStatus,
  onboardingStatuses,
  onboardingStatusLabels,
} from '../../shared/domain/onboarding.ts';
import { matchesSearch } from '../../shared/text.ts';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LoadState } from '../components/LoadState.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { useApi } from '../components/useApi.ts';
import { RolloutHeader } from './epci/RolloutHeader.tsx';

const columns: Column<EpciSummary>[] = [
  { key: 'name', label: 'Nom', value: (e) => e.name },
  {
    key: 'type',
    label: 'Type',
    value: (e) => e.type,
    render: (e) => (
      <Badge
        variant="light"
        color={e.type === 'CA' ? 'grape' : 'teal'}
        title={epciTypeLabels[e.type]}
        miw="max-content"
      >
        {e.type}
      </Badge>
    ),
  },
  {
    key: 'status',
    label: 'Statut',
    // Sorted along the onboarding ladder, not alphabetically.
    value: (e) => String(onboardingStatuses.indexOf(e.status)),
    render: (e) => <StatusBadge status={e.status} />,
  },
  { key: 'communes', label: 'Communes', value: (e) => e.communes },
  { key: 'libraries', label: 'Bibliothèques', value: (e) => e.libraries },
  { key: 'municipale', label: 'Population municipale', value: (e) => e.population.municipale },
  { key: 'totale', label: 'Population totale', value: (e) => e.population.totale },
];

export function EpciListScreen() {
  const state = useApi('epci.list', {});
  const summary = useApi('rollout.summary', {});
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<OnboardingStatus | null>(null);
  const [type, setType] = useState('all');
  const navigate = useNavigate();
  const list = state.data ?? [];
  const shown = useMemo(
    () =>
      list.filter(
        (e) =>
          matchesSearch(`${e.name} ${e.siren}`, query) &&
          (status === null || e.status === status) &&
          (type === 'all' || e.type === type),
      ),
    [list, query, status, type],
  );
  const types = [...new Set(list.map((e) => e.type))].sort();

  return (
    <Stack gap="md">
      <Title order={2}>Collectivités</Title>
      {summary.data && <RolloutHeader summary={summary.data} />}
      <ErrorAlert error={summary.error} title="Synthèse du déploiement indisponible" />
      <LoadState state={state}>
        {(all) => (
          <>
            <Group align="flex-end">
              <TextInput
                label="Rechercher"
                placeholder="Nom ou SIREN, sans se soucier des accents"
                value={query}
                onChange={(event) => setQuery(event.currentTarget.value)}
                w={320}
                autoFocus
              />
              <Select
                label="Statut"
                placeholder="Tous les statuts"
                data={onboardingStatuses.map((s) => ({
                  value: s,
                  label: `${onboardingStatusLabels[s]} (${all.filter((e) => e.status === s).length})`,
                }))}
                value={status}
                onChange={(value) => setStatus(value as OnboardingStatus | null)}
                clearable
                w={280}
              />
              <Stack gap={4}>
                <Text size="sm" fw={500} id="epci-type-label">
                  Type
                </Text>
                <SegmentedControl
                  aria-labelledby="epci-type-label"
                  value={type}
                  onChange={setType}
                  data={[{ value: 'all', label: 'Tous' }, ...types.map((t) => ({ value: t, label: t }))]}
                />
              </Stack>
            </Group>
            <DataTable
              caption={`${shown.length} EPCI sur ${all.length} — cliquez une ligne (ou Entrée) pour l’ouvrir`}
              columns={columns}
              rows={shown}
              rowKey={(e) => e.siren}
              onOpen={(e) => navigate(`/collectivites/${e.siren}`)}
              empty="Aucun EPCI ne correspond à ces filtres."
            />
          </>
        )}
      </LoadState>
    </Stack>
  );
}
