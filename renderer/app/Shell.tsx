import { Anchor, AppShell, Group, NavLink, Text, Title } from '@mantine/core';
import { Outlet, Link as RouterAnchor, NavLink as RouterLink, useLocation } from 'react-router';
import { useApi } from '../components/useApi.ts';
import { displayedMillesime } from '../millesimes.ts';
import { SyncIndicator } from './SyncIndicator.tsx';
import { StaffProvider, useStaff } from './staff.tsx';
import { WorkIndicator } from './WorkIndicator.tsx';

interface Section {
  to: string;
  label: string;
  /** Active on this path only, not on the paths below it (which have their own entry). */
  end?: boolean;
  /** Shown under the entry before it, indented. */
  sub?: boolean;
}

const sections: Section[] = [
  { to: '/collectivites', label: 'Collectivités' },
  { to: '/bibliotheques', label: 'Bibliothèques' },
  { to: '/lecteurs', label: 'Lecteurs', end: true },
  { to: '/imports/nouveau', label: 'Importer un fichier', sub: true },
  { to: '/imports', label: 'Historique des imports', end: true, sub: true },
  { to: '/lecteurs/rgpd', label: 'Conservation (RGPD)', sub: true },
  { to: '/contributions', label: 'Participations' },
  { to: '/scenarios', label: 'Scénarios', sub: true },
  { to: '/rapports', label: 'Rapports', sub: true },
  { to: '/usages', label: 'Usages', sub: true },
  { to: '/indicateurs', label: 'Indicateurs', sub: true },
  { to: '/journal', label: 'Journal' },
  { to: '/conflits', label: 'Conflits' },
  { to: '/reglages', label: 'Réglages' },
];

function isActive(section: Section, path: string): boolean {
  return path === section.to || (!section.end && path.startsWith(`${section.to}/`));
}

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
  const { pathname } = useLocation();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Title order={1} size="h4">
            Médiathèque numérique — administration
          </Title>
          <Group gap="lg" wrap="nowrap">
            <WorkIndicator />
            <SyncIndicator />
            <StaffName />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Navigation principale">
        {sections.map((section) => (
          <NavLink
            key={section.to}
            component={RouterLink}
            to={section.to}
            end={section.end}
            label={section.label}
            active={isActive(section, pathname)}
            pl={section.sub ? 28 : undefined}
            py={section.sub ? 4 : undefined}
          />
        ))}
        {/* What the figures are about, below the sections: the header keeps its width for sync and the signer. */}
        {info.data && (
          <Text size="xs" c="dimmed" mt="auto" p="xs">
            {info.data.departementTitle}
            {millesime && (
              <>
                <br />
                populations légales {millesime}
              </>
            )}
            <br />
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
