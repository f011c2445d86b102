import { Badge, Group, Paper, Table, Text, Title } from '@mantine/core';
import type { Output } from '../../../shared/contract.ts';
import { populationBasisLabels } from '../../../shared/domain/convention.ts';
import { populationSourceLabel } from '../../../shared/domain/millesime.ts';
import { formatInteger } from '../../../shared/format.ts';

/** The vintages of legal populations the app holds, basis by basis, with where each came from. */
export function MillesimesPanel({ vintages }: { vintages: Output<'millesime.list'> }) {
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="xs">
        Millésimes de population
      </Title>
      <Table fz="sm" verticalSpacing={4} striped aria-label="Millésimes de population">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Millésime</Table.Th>
            <Table.Th>En vigueur</Table.Th>
            <Table.Th>Populations</Table.Th>
            <Table.Th>Composition des EPCI</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {vintages.map((v) => (
            <Table.Tr key={v.millesime}>
              <Table.Td fw={600}>{v.millesime}</Table.Td>
              <Table.Td>1er janvier {v.inForceYear}</Table.Td>
              <Table.Td>
                {v.bases.map((b) => (
                  <Group key={b.basis} gap={6} wrap="nowrap">
                    <Badge size="sm" variant="light" tt="none" w={90} style={{ flexShrink: 0 }}>
                      {populationBasisLabels[b.basis]}
                    </Badge>
                    <Text size="xs">
                      {formatInteger(b.communes)} communes — {populationSourceLabel(b.source)}
                    </Text>
                  </Group>
                ))}
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {v.geography ? 'celle de ce millésime' : 'empruntée au millésime le plus récent'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
