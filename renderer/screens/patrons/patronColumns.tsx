import { Badge, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import type { Patron } from '../../../shared/domain/patron.ts';

export interface GridColumn {
  key: string;
  label: string;
  width: string;
  /** The cell as text, also its tooltip when the column is too narrow for it. */
  text: (patron: Patron) => string;
  render?: (patron: Patron) => ReactNode;
}

export function birthLabel(patron: Pick<Patron, 'birthDate' | 'birthYear'>): string {
  if (patron.birthDate) return formatDateFr(patron.birthDate);
  return patron.birthYear ? String(patron.birthYear) : '—';
}

function PatronBadges({ patron }: { patron: Patron }) {
  return (
    <Group gap={4} wrap="nowrap">
      {patron.registered ? (
        <Text size="sm" c="dimmed" span>
          inscrit
        </Text>
      ) : (
        <Badge size="sm" variant="light" color="gray" tt="none">
          Plus inscrit
        </Badge>
      )}
      {patron.duplicateStatus === 'possible' && (
        <Badge size="sm" variant="light" color="grape" tt="none" title="Doublon possible à examiner">
          Doublon ?
        </Badge>
      )}
      {patron.duplicateStatus === 'confirmed' && (
        <Badge size="sm" variant="outline" color="grape" tt="none" title="Même personne qu’un autre lecteur">
          Doublon
        </Badge>
      )}
    </Group>
  );
}

/**
 * Fixed widths but one: the e-mail column takes what is left. The library's is wide enough for « Médiathèque
 * de Gourdon »: names of one network differ at their end. The commune is on the patron's card.
 */
export const patronColumns: GridColumn[] = [
  {
    key: 'name',
    label: 'Nom',
    width: '180px',
    text: (p) => `${p.lastName} ${p.firstName ?? ''}`,
    render: (p) =>
      // A reader account of the central service receives patrons without their names (PROTOCOL.md).
      p.lastName === '' ? (
        <Text
          span
          size="sm"
          c="dimmed"
          title="Nom masqué : votre compte du serveur central ne reçoit pas les noms"
        >
          masqué
        </Text>
      ) : (
        <>
          <b>{p.lastName}</b> {p.firstName ?? ''}
        </>
      ),
  },
  { key: 'card', label: 'N° de carte', width: '120px', text: (p) => p.cardNumber },
  { key: 'library', label: 'Bibliothèque', width: '200px', text: (p) => p.libraryName },
  { key: 'birth', label: 'Naissance', width: '104px', text: birthLabel },
  { key: 'email', label: 'Courriel', width: 'auto', text: (p) => p.email ?? '—' },
  {
    key: 'expires',
    label: 'Expire le',
    width: '104px',
    text: (p) => (p.expiresOn ? formatDateFr(p.expiresOn) : '—'),
  },
  { key: 'state', label: 'État', width: '150px', text: () => '', render: (p) => <PatronBadges patron={p} /> },
];
