import { Badge, Group, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { formatDateFr } from '../../shared/domain/dates.ts';
import { type EpciSummary, hasNextAction } from '../../shared/domain/epci.ts';
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
import { countFr } from '../format.ts';
import { RolloutHeader } from './epci/RolloutHeader.tsx';

/** What to do next, cut to two lines in the table (the whole text on hover and on the EPCI's page). */
function NextAction({ epci }: { epci: EpciSummary }) {
  const { nextAction } = epci.followUp;
  if (!hasNextAction(epci.followUp)) return '—';
  const text = nextAction.trim() || 'Action à préciser';
  return (
    <Text
      size="sm"
      miw={110}
      maw={240}
      lineClamp={2}
      title={text}
      fs={nextAction.trim() ? undefined : 'italic'}
    >
      {text}
    </Text>
  );
}

/** The due date in French; a past one in red and said in words (« en retard »), never by colour alone. */
function DueDate({ epci }: { epci: EpciSummary }) {
  const { nextActionDue: due, overdue } = epci.followUp;
  if (due === null) return '—';
  if (!overdue) return <span style={{ whiteSpace: 'nowrap' }}>{formatDateFr(due)}</span>;
  return (
    // Side by side where there is room, the words under the date where there is not.
    <Group gap={6}>
      <Text size="sm" c="red.9" fw={700} style={{ whiteSpace: 'nowrap' }}>
        {formatDateFr(due)}
      </Text>
      <Badge color="red" variant="light" tt="none" miw="max-content">
        en retard
      </Badge>
    </Group>
  );
}

// No type column: an EPCI's name starts with it (« CA du Grand Cahors », « CC Cazals-Salviac »), the « Type »
// filter picks one, and the table keeps to a 1280-pixel screen.
const columns: Column<EpciSummary>[] = [
  {
    key: 'name',
    label: 'Nom',
    value: (e) => e.name,
    // Wide enough that a name keeps to two lines when the action columns take their share.
    render: (e) => (
      <Text size="sm" miw={140}>
        {e.name}
      </Text>
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
  {
    key: 'nextAction',
    label: 'Prochaine action',
    value: (e) => e.followUp.nextAction,
    render: (e) => <NextAction epci={e} />,
  },
  {
    key: 'due',
    label: 'Échéance',
    // ISO dates sort by day; the collator puts letters after digits, so an action without a date comes
    // after every dated one, and an EPCI with nothing to do last.
    value: (e) => e.followUp.nextActionDue ?? (hasNextAction(e.followUp) ? 'x' : 'y'),
    render: (e) => <DueDate epci={e} />,
  },
];

/** The to-do view is about what to do: the figures of the full list give way to the action and its date. */
const todoColumns = columns.filter((c) => ['name', 'status', 'nextAction', 'due'].includes(c.key));

/** « À faire » keeps the EPCI with a next action, soonest due first; it lives in the URL, so "back" keeps it. */
const todoParam = 'vue';
const todoValue = 'a-faire';

export function EpciListScreen() {
  const state = useApi('epci.list', {});
  const summary = useApi('rollout.summary', {});
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<OnboardingStatus | null>(null);
  const [type, setType] = useState('all');
  const [params, setParams] = useSearchParams();
  const todo = params.get(todoParam) === todoValue;
  const navigate = useNavigate();
  const list = state.data ?? [];
  const shown = useMemo(
    () =>
      list.filter(
        (e) =>
          matchesSearch(`${e.name} ${e.siren}`, query) &&
          (status === null || e.status === status) &&
          (type === 'all' || e.type === type) &&
          (!todo || hasNextAction(e.followUp)),
      ),
    [list, query, status, type, todo],
  );
  const types = [...new Set(list.map((e) => e.type))].sort();
  const toDo = list.filter((e) => hasNextAction(e.followUp)).length;
  const overdue = list.filter((e) => e.followUp.overdue).length;

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
                description="Sans se soucier des accents ni des majuscules"
                placeholder="Nom ou SIREN"
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
              <Stack gap={4}>
                <Text size="sm" fw={500} id="epci-view-label">
                  Afficher
                </Text>
                <Group gap="sm" wrap="nowrap">
                  <SegmentedControl
                    aria-labelledby="epci-view-label"
                    value={todo ? todoValue : 'all'}
                    onChange={(value) =>
                      setParams(value === todoValue ? { [todoParam]: todoValue } : {}, { replace: true })
                    }
                    data={[
                      { value: 'all', label: 'Toutes' },
                      { value: todoValue, label: `À faire (${toDo})` },
                    ]}
                  />
                  <Text size="sm" fw={overdue > 0 ? 700 : undefined} c={overdue > 0 ? 'red.9' : undefined}>
                    {overdue > 0
                      ? countFr(overdue, 'action en retard', 'actions en retard')
                      : 'Aucune action en retard'}
                  </Text>
                </Group>
              </Stack>
            </Group>
            <DataTable
              // The to-do view opens sorted by due date; the headers still sort it another way.
              key={todo ? 'todo' : 'all'}
              initialSort={todo ? { key: 'due' } : undefined}
              caption={
                todo
                  ? `${countFr(shown.length, 'action à faire', 'actions à faire')}, la plus proche échéance d’abord — cliquez une ligne (ou Entrée) pour l’ouvrir`
                  : `${shown.length} EPCI sur ${all.length} — cliquez une ligne (ou Entrée) pour l’ouvrir`
              }
              columns={todo ? todoColumns : columns}
              rows={shown}
              rowKey={(e) => e.siren}
              onOpen={(e) => navigate(`/collectivites/${e.siren}`)}
              empty={
                todo
                  ? 'Aucune action à faire ici. Une action s’ajoute dans l’onglet « Suivi » d’une collectivité.'
                  : 'Aucun EPCI ne correspond à ces filtres.'
              }
            />
          </>
        )}
      </LoadState>
    </Stack>
  );
}
