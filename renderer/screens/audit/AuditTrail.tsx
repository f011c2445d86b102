import { Anchor, Badge, Group, Pagination, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Input } from '../../../shared/contract.ts';
import { type AuditEntry, auditEntityLabels } from '../../../shared/domain/audit.ts';
import { LoadState } from '../../components/LoadState.tsx';
import { useApi } from '../../components/useApi.ts';
import { countFr, formatDateTimeFr } from '../../format.ts';
import { actionLabels, fieldLabel, formatValue, summariseRow } from './describeChange.ts';

type Filter = Omit<Input<'audit.list'>, 'limit' | 'offset'>;

const actionColors: Record<AuditEntry['action'], string> = { create: 'teal', update: 'blue', delete: 'red' };

/**
 * A page of the journal, newest first, for any filter (the whole app, one EPCI, one library).
 * `linkEpci` adds a link to each line's EPCI, pointless inside that EPCI's own screen.
 */
export function AuditTrail({
  filter,
  pageSize = 50,
  linkEpci = true,
}: {
  filter: Filter;
  pageSize?: number;
  linkEpci?: boolean;
}) {
  // The page belongs to the filter it was chosen under: a new filter starts again from the newest.
  const filterKey = JSON.stringify(filter);
  const [paging, setPaging] = useState({ filterKey, page: 1 });
  const page = paging.filterKey === filterKey ? paging.page : 1;
  const setPage = (next: number) => setPaging({ filterKey, page: next });
  const state = useApi('audit.list', { ...filter, limit: pageSize, offset: (page - 1) * pageSize });

  return (
    <LoadState state={state}>
      {({ entries, total }) => {
        const pages = Math.max(1, Math.ceil(total / pageSize));
        const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
        return (
          <Stack gap="xs">
            <Group justify="space-between">
              <Text size="sm" c="dimmed" aria-live="polite">
                {total === 0
                  ? 'Aucune modification enregistrée.'
                  : `${countFr(total, 'entrée', 'entrées')} — ${first} à ${first + entries.length - 1}, les plus récentes d’abord`}
              </Text>
              {pages > 1 && (
                <Pagination
                  total={pages}
                  value={page}
                  onChange={setPage}
                  size="sm"
                  getControlProps={(control) => ({
                    'aria-label': control === 'previous' ? 'Page précédente' : 'Page suivante',
                  })}
                />
              )}
            </Group>
            {total > 0 && (
              <Table striped verticalSpacing={4} fz="sm" aria-label="Journal des modifications">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={130}>Date</Table.Th>
                    <Table.Th w={140}>Par</Table.Th>
                    <Table.Th w={linkEpci ? 260 : 150}>Objet</Table.Th>
                    <Table.Th>Changement</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {entries.map((entry) => (
                    <AuditRow key={entry.id} entry={entry} linkEpci={linkEpci} />
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        );
      }}
    </LoadState>
  );
}

function AuditRow({ entry, linkEpci }: { entry: AuditEntry; linkEpci: boolean }) {
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTimeFr(entry.at)}</Table.Td>
      <Table.Td>{entry.actor}</Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap" align="baseline">
          <Text size="sm" fw={600}>
            {auditEntityLabels[entry.entity]}
          </Text>
          <Badge size="xs" variant="light" color={actionColors[entry.action]} tt="none">
            {actionLabels[entry.action]}
          </Badge>
        </Group>
        {linkEpci && entry.epci && (
          <Anchor component={Link} to={`/collectivites/${entry.epci}`} size="xs">
            {entry.epciName ?? entry.epci}
          </Anchor>
        )}
      </Table.Td>
      <Table.Td>
        <Change entry={entry} />
      </Table.Td>
    </Table.Tr>
  );
}

function Change({ entry }: { entry: AuditEntry }) {
  if (entry.action === 'update' && entry.field) {
    return (
      <Text size="sm">
        {fieldLabel(entry.field)} :{' '}
        <Text span size="sm" c="dimmed">
          {formatValue(entry.entity, entry.field, entry.before)}
        </Text>{' '}
        → <b>{formatValue(entry.entity, entry.field, entry.after)}</b>
      </Text>
    );
  }
  const stored = entry.action === 'delete' ? entry.before : entry.after;
  return (
    <Text size="sm" c={entry.action === 'delete' ? 'red.8' : undefined}>
      {summariseRow(entry.entity, stored)}
    </Text>
  );
}
