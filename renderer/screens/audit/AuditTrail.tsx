import { Anchor, Badge, Group, Pagination, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Input } from '../../../shared/contract.ts';
import type { AuditEntry } from '../../../shared/domain/audit.ts';
import { formatInteger } from '../../../shared/format.ts';
import { LoadState } from '../../components/LoadState.tsx';
import { useApi } from '../../components/useApi.ts';
import { countFr, formatDateTimeFr } from '../../format.ts';
import { type Change as ChangeText, describeEntry } from './describeChange.ts';

type Filter = Omit<Input<'audit.list'>, 'limit' | 'offset'>;

/**
 * A page of the journal, newest first, for any filter (the whole app, one EPCI, one library).
 * `linkEpci` adds a link to each line's EPCI, pointless inside that EPCI's own screen; a line's library
 * is linked likewise, except in that library's own journal.
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
                  : `${countFr(total, 'entrée', 'entrées')} — ${formatInteger(first)} à ${formatInteger(first + entries.length - 1)}, les plus récentes d’abord`}
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
                    <AuditRow
                      key={entry.id}
                      entry={entry}
                      linkEpci={linkEpci}
                      linkLibrary={filter.library === undefined}
                    />
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

function AuditRow({
  entry,
  linkEpci,
  linkLibrary,
}: {
  entry: AuditEntry;
  linkEpci: boolean;
  linkLibrary: boolean;
}) {
  const description = describeEntry(entry);
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTimeFr(entry.at)}</Table.Td>
      <Table.Td>{entry.actor}</Table.Td>
      <Table.Td>
        <Group gap={6} align="baseline">
          <Text size="sm" fw={600}>
            {description.subject}
          </Text>
          <Badge size="xs" variant="light" color={description.color} tt="none">
            {description.badge}
          </Badge>
        </Group>
        {linkEpci && entry.epci && (
          <Anchor component={Link} to={`/collectivites/${entry.epci}`} size="xs" display="block">
            {entry.epciName ?? entry.epci}
          </Anchor>
        )}
        {linkLibrary && entry.library && (
          <Anchor component={Link} to={`/bibliotheques/${entry.library}`} size="xs" display="block">
            {entry.libraryName ?? 'Bibliothèque supprimée'}
          </Anchor>
        )}
        {description.aboutPatron && <PatronName patron={entry.patron} />}
      </Table.Td>
      <Table.Td>
        <Change change={description.change} />
      </Table.Td>
    </Table.Tr>
  );
}

/** The patron a line is about: a name and a card number, nothing more (RGPD); gone once purged. */
function PatronName({ patron }: { patron: AuditEntry['patron'] }) {
  if (patron === null)
    return (
      <Text size="xs" c="dimmed">
        Lecteur supprimé depuis
      </Text>
    );
  return (
    <Text size="xs">
      {patron.name} — carte {patron.card}
    </Text>
  );
}

function Change({ change }: { change: ChangeText }) {
  if (change.kind === 'move') {
    return (
      <Text size="sm">
        {change.label} :{' '}
        <Text span size="sm" c="dimmed">
          {change.before}
        </Text>{' '}
        → <b>{change.after}</b>
        {change.note && <> — « {change.note} »</>}
      </Text>
    );
  }
  return (
    <Text size="sm" c={change.removed ? 'red.8' : undefined}>
      {change.text}
    </Text>
  );
}
