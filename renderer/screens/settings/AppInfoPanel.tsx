import { Code, Paper, Table, Title } from '@mantine/core';
import type { AppInfo } from '../../../shared/domain/app-info.ts';
import { populationSourceLabel } from '../../../shared/domain/millesime.ts';
import { formatDateTimeFr } from '../../format.ts';

/** What to quote when asking for help: version, database file, reference data loaded. */
export function AppInfoPanel({ info }: { info: AppInfo }) {
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="xs">
        Application
      </Title>
      <Table fz="sm" verticalSpacing={4} variant="vertical" layout="fixed" withTableBorder={false}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={220}>Version</Table.Th>
            <Table.Td>
              {info.name} {info.version}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Département</Table.Th>
            <Table.Td>{info.departement}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Base de données</Table.Th>
            <Table.Td>
              <Code style={{ wordBreak: 'break-all' }}>{info.databasePath}</Code> (schéma v
              {info.schemaVersion})
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Données de référence</Table.Th>
            <Table.Td>
              {info.referenceData.map((set) => (
                <div key={`${set.source}-${set.millesime}`}>
                  Millésime {set.millesime} (en vigueur en {set.inForceYear}) —{' '}
                  {populationSourceLabel(set.source)}, chargées le {formatDateTimeFr(set.importedAt)}
                </div>
              ))}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
