import { Alert, Group, List, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ContributionLine } from '../../shared/domain/contributions/index.ts';
import { populationBasisLabels } from '../../shared/domain/convention.ts';
import { formatDateFr } from '../../shared/domain/dates.ts';
import { formatInteger } from '../../shared/format.ts';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { LoadState } from '../components/LoadState.tsx';
import { useApi } from '../components/useApi.ts';
import { formatRateFr } from '../format.ts';
import { BarChart, seriesColors } from './contributions/BarChart.tsx';
import { CostIndicators } from './contributions/CostIndicators.tsx';
import { centsFr, nextYear } from './contributions/scenarios.ts';
import { YearSelect } from './contributions/YearSelect.tsx';

export const limitedByLabels = { floor: 'plancher', cap: 'plafond' } as const;

/** "Convention CONV-2027-01, du 01/07/2027" or "Scénario X, du … au …". */
export function termsText(line: ContributionLine): string {
  const what =
    line.source === 'scenario'
      ? `Scénario « ${line.reference} »`
      : `Convention${line.reference ? ` ${line.reference}` : ''}`;
  return `${what}, du ${formatDateFr(line.start)}${line.end ? ` au ${formatDateFr(line.end)}` : ''}`;
}

export function populationText(line: ContributionLine): string {
  const figure = line.population === null ? 'inconnue' : formatInteger(line.population);
  return `${figure} (${populationBasisLabels[line.basis]} ${line.millesime})`;
}

const nowrap = { whiteSpace: 'nowrap' } as const;

const columns: Column<ContributionLine>[] = [
  { key: 'name', label: 'EPCI', value: (l) => l.name },
  { key: 'terms', label: 'Convention', value: termsText },
  {
    key: 'population',
    label: 'Population',
    value: (l) => l.population ?? 0,
    render: (l) => (
      <>
        <span style={nowrap}>{l.population === null ? 'inconnue' : formatInteger(l.population)}</span>
        <Text size="xs" c="dimmed" style={nowrap}>
          {populationBasisLabels[l.basis]} {l.millesime}
        </Text>
      </>
    ),
  },
  {
    key: 'rate',
    label: 'Taux',
    value: (l) => l.rateE4,
    render: (l) => <span style={nowrap}>{formatRateFr(l.rate)}</span>,
  },
  { key: 'prorata', label: 'Prorata', value: (l) => l.prorataText },
  {
    key: 'limitedBy',
    label: 'Limité par',
    value: (l) => (l.limitedBy ? limitedByLabels[l.limitedBy] : '—'),
  },
  {
    key: 'amount',
    label: 'Montant',
    value: (l) => l.amountCents,
    render: (l) => (
      <Text span fw={600} size="sm" style={nowrap}>
        {centsFr(l.amountCents)}
      </Text>
    ),
  },
];

/** What each EPCI owes for a year under the conventions in force, with the computation of each line. */
export function ContributionsScreen() {
  const [year, setYear] = useState(String(nextYear()));
  const result = useApi('contributions.compute', { year: Number(year) });
  const [opened, setOpened] = useState<ContributionLine | null>(null);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Participations</Title>
          <Text size="sm" c="dimmed">
            Ce que chaque EPCI doit pour l’année, selon les conventions enregistrées. Cliquez une ligne pour
            voir le détail du calcul.
          </Text>
        </div>
        <YearSelect value={year} onChange={setYear} />
      </Group>
      <LoadState state={result}>
        {(data) => (
          <>
            <Paper withBorder p="sm">
              <Group gap="xl">
                <div>
                  <Text size="xs" c="dimmed">
                    Total {data.year}
                  </Text>
                  <Text fw={700} size="xl" aria-label={`Total ${data.year}`}>
                    {centsFr(data.totalCents)}
                  </Text>
                </div>
                <div>
                  <Text size="xs" c="dimmed">
                    Conventions comptées
                  </Text>
                  <Text fw={700} size="xl">
                    {formatInteger(data.lines.length)}
                  </Text>
                </div>
              </Group>
            </Paper>
            {data.missing.length > 0 && (
              <Alert color="orange" title="Population manquante : montant non calculé" py="xs">
                <List size="sm">
                  {data.missing.map((m) => (
                    <List.Item key={`${m.epci}-${m.basis}-${m.millesime}`}>
                      {m.name} : pas de population {populationBasisLabels[m.basis]} {m.millesime} —
                      importez-la dans Réglages.
                    </List.Item>
                  ))}
                </List>
              </Alert>
            )}
            <DataTable
              caption={`Participations ${data.year}`}
              columns={columns}
              rows={data.lines}
              rowKey={(l) => `${l.epci}-${l.start}`}
              onOpen={setOpened}
              empty={`Aucune convention en vigueur en ${data.year}.`}
            />
            {data.lines.length > 0 && (
              <Paper withBorder p="sm">
                <BarChart
                  title={`Participation par EPCI en ${data.year}`}
                  series={[{ label: 'Conventions', color: seriesColors[1] as string }]}
                  groups={data.lines.map((l) => ({
                    label:
                      data.lines.filter((o) => o.epci === l.epci).length > 1
                        ? `${l.name} (${formatDateFr(l.start)})`
                        : l.name,
                    values: [l.amountCents],
                  }))}
                />
              </Paper>
            )}
          </>
        )}
      </LoadState>
      <CostIndicators year={Number(year)} />
      {opened && <StepsModal line={opened} onClose={() => setOpened(null)} />}
    </Stack>
  );
}

/** One line's computation, in the words of the yearly statement. */
export function StepsModal({ line, onClose }: { line: ContributionLine; onClose: () => void }) {
  return (
    <Modal opened onClose={onClose} title={`Calcul — ${line.name}`} size="lg" centered>
      <Stack gap="xs">
        <Text size="sm">{termsText(line)}</Text>
        <Text size="sm">
          Population {populationText(line)}, {formatRateFr(line.rate)}, prorata : {line.prorataText}.
        </Text>
        <List type="ordered" size="sm" spacing={4} aria-label="Étapes du calcul">
          {line.steps.map((step) => (
            <List.Item key={step}>{step}</List.Item>
          ))}
        </List>
        <Text fw={700}>Montant dû : {centsFr(line.amountCents)}</Text>
      </Stack>
    </Modal>
  );
}
