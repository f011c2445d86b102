import { Anchor, AppShell, Group, NavLink, Text, Title } from '@mantine/core';
import { Outlet, Link as RouterAnchor, NavLink as RouterLink } from 'react-router';
import { useApi } from '../components/useApi.ts';
import { displayedMillesime } from '../millesimes.ts';
import { StaffProvider, useStaff } from './staff.tsx';

const sections = [
  { to: '/collectivites', label: 'Collectivités' },
  { to: '/bibliotheques', label: 'Bibliothèques' },
  { to: '/journal', label: 'Journal' },
  { to: '/reglages', label: 'Réglages' },
];

export function Shell() {
  return (
    <StaffProvider>
      <Frame />
    </StaffProvider>
  );
}

function Frame() {
  const info = useApi('app.info', {});
  const vintages = useApi('millesime.list', {});
  const millesime = vintages.data ? displayedMillesime(vintages.data) : null;
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Title order={1} size="h4">
            Médiathèque numérique — administration
          </Title>
          <Group gap="lg" wrap="nowrap">
            {info.data && (
              <Text size="sm" c="dimmed">
                Département {info.data.departement}
                {millesime && ` · populations légales ${millesime}`}
              </Text>
            )}
            <StaffName />
          </Group>
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

/** Who signs the changes made from this window; a missing name is a link to where it is set. */
function StaffName() {
  const { staffName } = useStaff();
  if (staffName === null) return null;
  if (staffName === '') {
    return (
      <Anchor component={RouterAnchor} to="/reglages" size="sm" c="orange.8" fw={600}>
        Nom non renseigné
      </Anchor>
    );
  }
  return (
    <Text size="sm" title="Chaque modification faite ici est signée de ce nom (Réglages)">
      Signé <b>{staffName}</b>
    </Text>
  );
}
