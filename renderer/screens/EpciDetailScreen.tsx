import { Anchor, Breadcrumbs, Group, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { Link, useParams, useSearchParams } from 'react-router';
import { epciTypeLabels } from '../../shared/domain/epci.ts';
import { formatInteger } from '../../shared/format.ts';
import { LoadState } from '../components/LoadState.tsx';
import { Stat } from '../components/Stat.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { useApi } from '../components/useApi.ts';
import { AccessCountsOf } from './access/AccessCounts.tsx';
import { AuditTrail } from './audit/AuditTrail.tsx';
import { CommunesPanel } from './epci/CommunesPanel.tsx';
import { ContactsPanel } from './epci/ContactsPanel.tsx';
import { ConventionsPanel } from './epci/ConventionsPanel.tsx';
import { FollowUpPanel } from './epci/FollowUpPanel.tsx';
import { LibrariesPanel } from './epci/LibrariesPanel.tsx';
import { StatusPanel } from './epci/StatusPanel.tsx';
import { NoteForm, TimelinePanel } from './epci/TimelinePanel.tsx';

const tabs = ['suivi', 'contacts', 'conventions', 'communes', 'bibliotheques', 'journal'] as const;
type Tab = (typeof tabs)[number];

export function EpciDetailScreen() {
  const { siren = '' } = useParams();
  const state = useApi('epci.get', { siren });
  // The open tab lives in the URL, so "back" and a reload return to it.
  const [params, setParams] = useSearchParams();
  const asked = params.get('onglet');
  const tab: Tab = tabs.includes(asked as Tab) ? (asked as Tab) : 'suivi';

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
          const inside = epci.communes.filter((c) => c.inDepartement);
          const outside = epci.communes.length - inside.length;
          const insidePopulation = inside.reduce((sum, c) => sum + c.population.municipale, 0);
          return (
            <>
              <Stack gap={6}>
                <Group gap="sm" align="center">
                  <Title order={2}>{epci.name}</Title>
                  <StatusBadge status={epci.status} size="lg" title="Statut actuel" />
                </Group>
                <Text c="dimmed" size="sm">
                  {epciTypeLabels[epci.type]} · SIREN {epci.siren}
                </Text>
                <StatusPanel epci={epci} onChanged={state.reload} />
              </Stack>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <Stat
                  label="Communes membres"
                  value={formatInteger(epci.communes.length)}
                  hint={outside > 0 ? `dont ${outside} hors du département` : undefined}
                />
                <Stat
                  label="Population municipale"
                  value={formatInteger(epci.population.municipale)}
                  hint={
                    outside > 0
                      ? `dont ${formatInteger(insidePopulation)} dans le département`
                      : `populations légales ${epci.millesime}`
                  }
                />
                <Stat label="Population totale" value={formatInteger(epci.population.totale)} />
              </SimpleGrid>
              {/* Remounted when the EPCI changes (status, conventions): they decide its patrons' access. */}
              <AccessCountsOf key={JSON.stringify([epci.status, epci.conventions])} epci={epci.siren} />
              <Tabs
                value={tab}
                onChange={(value) =>
                  setParams(value && value !== 'suivi' ? { onglet: value } : {}, { replace: true })
                }
                keepMounted={false}
              >
                <Tabs.List>
                  <Tabs.Tab value="suivi">Suivi</Tabs.Tab>
                  <Tabs.Tab value="contacts">Contacts ({epci.contacts.length})</Tabs.Tab>
                  <Tabs.Tab value="conventions">Conventions ({epci.conventions.length})</Tabs.Tab>
                  <Tabs.Tab value="communes">Communes ({epci.communes.length})</Tabs.Tab>
                  <Tabs.Tab value="bibliotheques">Bibliothèques ({epci.libraries.length})</Tabs.Tab>
                  <Tabs.Tab value="journal">Journal</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="suivi" pt="md">
                  <SimpleGrid cols={{ base: 1, md: 2 }}>
                    <Stack gap="md">
                      <FollowUpPanel epci={epci} onChanged={state.reload} />
                      <NoteForm siren={epci.siren} onChanged={state.reload} />
                    </Stack>
                    <TimelinePanel epci={epci} />
                  </SimpleGrid>
                </Tabs.Panel>
                <Tabs.Panel value="contacts" pt="md">
                  <ContactsPanel epci={epci} onChanged={state.reload} />
                </Tabs.Panel>
                <Tabs.Panel value="conventions" pt="md">
                  <ConventionsPanel epci={epci} onChanged={state.reload} />
                </Tabs.Panel>
                <Tabs.Panel value="communes" pt="md">
                  <CommunesPanel epci={epci} />
                </Tabs.Panel>
                <Tabs.Panel value="bibliotheques" pt="md">
                  <LibrariesPanel epci={epci} />
                </Tabs.Panel>
                <Tabs.Panel value="journal" pt="md">
                  <AuditTrail filter={{ epci: epci.siren }} linkEpci={false} />
                </Tabs.Panel>
              </Tabs>
            </>
          );
        }}
      </LoadState>
    </Stack>
  );
}
