import { AppShell, Group, NavLink, Text, Title } from '@mantine/core';
import { Outlet, NavLink as RouterLink } from 'react-router';
import { useApi } from '../components/useApi.ts';

/** Navigation lists only the rooms that exist; later issues add theirs here. */
const sections = [{ to: '/collectivites', label: 'Collectivités' }];

export function Shell() {
  const info = useApi('app.info', {});
  const reference = info.data?.referenceData[0];
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={1} size="h4">
            Médiathèque numérique — administration
          </Title>
          {info.data && (
            <Text size="sm" c="dimmed">
              Département {info.data.departement}
              {reference && ` · populations légales ${reference.millesime}`}
            </Text>
          )}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Navigation principale">
        {sections.map((section) => (
          <NavLink key={section.to} component={RouterLink} to={section.to} label={section.label} />
        ))}
        {info.data && (
          <Text size="xs" c="dimmed" mt="auto" p="xs">
            {info.data.name} {info.data.version}
          </Text>
        )}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
