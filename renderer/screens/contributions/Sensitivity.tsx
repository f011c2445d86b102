import { Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import {
  type ContributionLine,
  type ContributionsResult,
  sensitivityAmountCents,
  sensitivityRatesE4,
} from '../../../shared/domain/contributions/index.ts';
import { prorataLabels } from '../../../shared/domain/convention.ts';
import { frenchMonths } from '../../../shared/domain/dates.ts';
import { formatRate } from '../../../shared/domain/money.ts';
import { formatInteger } from '../../../shared/format.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { formatRateFr } from '../../format.ts';
import { centsFr } from './scenarios.ts';

/**
 * What one EPCI would owe for the year at other rates and start dates: computed here, with the shared
 * exact engine, on the population of its line (the current situation's, else the first scenario's),
 * keeping its prorata rule, floor and cap. The cell matching the line's own terms is highlighted.
 */
export function Sensitivity({
  year,
  results,
  labels,
}: {
  year: number;
  results: ContributionsResult[];
  labels: string[];
}) {
  const choices: { key: string; line: ContributionLine; label: string }[] = [];
  const seen = new Set<string>();
  results.forEach((result, i) => {
    for (const line of result.lines) {
      if (line.population === null || seen.has(line.epci)) continue;
      seen.add(line.epci);
      choices.push({ key: line.epci, line, label: `${line.name} (${labels[i]})` });
    }
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const choice = choices.find((c) => c.key === chosen) ?? choices[0];

  return (
    <Stack gap="xs" component="section" aria-label="Sensibilité">
      <Title order={3} size="h4">
        Sensibilité au taux et à la date de début
      </Title>
      {!choice ? (
        <Text size="sm" c="dimmed">
          Aucune ligne avec une population connue en {year}.
        </Text>
      ) : (
        <SensitivityTable
          year={year}
          line={choice.line}
          select={
            <Select
              label="EPCI"
              data={choices.map((c) => ({ value: c.key, label: c.label }))}
              value={choice.key}
              onChange={(value) => value && setChosen(value)}
              allowDeselect={false}
              w={360}
            />
          }
        />
      )}
    </Stack>
  );
}

function SensitivityTable({
  year,
  line,
  select,
}: {
  year: number;
  line: ContributionLine;
  select: React.ReactNode;
}) {
  const population = line.population as number;
  const ownMonth =
    line.start.startsWith(`${year}-`) && line.start.endsWith('-01') ? Number(line.start.slice(5, 7)) : null;
  return (
    <Paper withBorder p="sm">
      <Group align="flex-end" mb="xs">
        {select}
        <Text size="sm" c="dimmed" pb={6}>
          {formatInteger(population)} habitants · prorata {prorataLabels[line.prorataRule]}
          {line.floorCents !== null ? ` · plancher ${centsFr(line.floorCents)}` : ''}
          {line.capCents !== null ? ` · plafond ${centsFr(line.capCents)}` : ''}
          {line.bands?.length ? ' · tranches dégressives : le taux essayé est celui de la 1re tranche' : ''} ·
          début le 1er du mois, sans date de fin · montants en euros
        </Text>
      </Group>
      <ScrollTable minWidth={900} label={`Sensibilité ${line.name} ${year}`}>
        <Table
          withTableBorder
          withColumnBorders
          fz="xs"
          verticalSpacing={4}
          horizontalSpacing={6}
          aria-label={`Sensibilité ${line.name} ${year}`}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Taux \ début</Table.Th>
              {frenchMonths.map((month) => (
                <Table.Th key={month} ta="right">
                  {month}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sensitivityRatesE4.map((rateE4) => (
              <Table.Tr key={rateE4}>
                <Table.Th scope="row" style={{ whiteSpace: 'nowrap' }}>
                  {formatRateFr(formatRate(rateE4))}
                </Table.Th>
                {frenchMonths.map((month, m) => {
                  const amount = sensitivityAmountCents(line, year, rateE4, m + 1);
                  const own = rateE4 === line.rateE4 && ownMonth === m + 1;
                  return (
                    <Table.Td
                      key={month}
                      ta="right"
                      style={{
                        whiteSpace: 'nowrap',
                        ...(own ? { background: 'var(--mantine-color-blue-1)', fontWeight: 700 } : {}),
                      }}
                    >
                      {centsFr(amount).replace(/\s€$/, '')}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Paper>
  );
}
