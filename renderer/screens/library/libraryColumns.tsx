import { Badge, Text } from '@mantine/core';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import { ilsLabels, type Library, libraryKindLabels } from '../../../shared/domain/library.ts';
import type { Column } from '../../components/DataTable.tsx';

/** Columns shared by the Bibliothèques list and an EPCI's libraries (which leaves out the EPCI one). */
export const libraryColumns: Column<Library>[] = [
  { key: 'name', label: 'Nom', value: (l) => l.name },
  { key: 'code', label: 'Code', value: (l) => l.code },
  { key: 'kind', label: 'Type', value: (l) => libraryKindLabels[l.kind] },
  { key: 'commune', label: 'Commune', value: (l) => l.communeName },
  { key: 'epci', label: 'EPCI', value: (l) => l.epciName ?? '—' },
  { key: 'ils', label: 'SIGB', value: (l) => ilsLabels[l.ils] },
  {
    key: 'participating',
    label: 'Participe',
    value: (l) => (l.participating ? `1 ${l.participatingSince ?? ''}` : '0'),
    render: (l) =>
      l.participating ? (
        <Badge color="green" variant="light" tt="none">
          oui{l.participatingSince ? ` depuis le ${formatDateFr(l.participatingSince)}` : ''}
        </Badge>
      ) : (
        <Text size="sm" c="dimmed">
          non
        </Text>
      ),
  },
];
