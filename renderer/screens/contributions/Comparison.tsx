import { Alert, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Output } from '../../../shared/contract.ts';
import type { ContributionsResult, Scenario } from '../../../shared/domain/contributions/index.ts';
import { formatInteger } from '../../../shared/format.ts';
import { api } from '../../api.ts';
import { toDisplayError } from '../../components/displayError.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/LoadState.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { useApi } from '../../components/useApi.ts';
import { BarChart, type ChartUnit, seriesColors } from './BarChart.tsx';
import { coverageOf, permilleFr } from './coverage.ts';
import { Sensitivity } from './Sensitivity.tsx';
import { centsFr, deltaFr } from './scenarios.ts';

type State =
  | { status: 'loading' }
  | { status: 'ready'; key: string; results: ContributionsResult[] }
  | { status: 'failed'; error: { code: string; message: string } };

/** The current situation, then each scenario, computed by the service for one year. */
function useComparison(year: number, scenarios: Scenario[]): State {
  const [state, setState] = useState<State>({ status: 'loading' });
  const key = JSON.stringify({ year, scenarios });
  useEffect(() => {
    let current = true;
    const { year: y, scenarios: list } = JSON.parse(key) as { year: number; scenarios: Scenario[] };
    setState({ status: 'loading' });
    Promise.all([
      api.call('contributions.compute', { year: y }),
      ...list.map((scenario) => api.call('contributions.compute', { year: y, scenario })),
    ])
      .then((results) => current && setState({ status: 'ready', key, results }))
      .catch((error: unknown) => current && setState({ status: 'failed', error: toDisplayError(error) }));
    return () => {
      current = false;
    };
  }, [key]);
  // Until the answer for these scenarios arrives, the previous one (other columns) is not shown.
  return state.status === 'ready' && state.key !== key ? { status: 'loading' } : state;
}

interface Row {
  epci: string;
  name: string;
  /** Per series, the EPCI's total for the year; null when it has no line there. */
  amounts: (number | null)[];
}

function rowsOf(results: ContributionsResult[]): Row[] {
  const rows = new Map<string, Row>();
  results.forEach((result, index) => {
    for (const line of result.lines) {
      const row = rows.get(line.epci) ?? {
        epci: line.epci,
        name: line.name,
        amounts: results.map(() => null),
      };
      row.amounts[index] = (row.amounts[index] ?? 0) + line.amountCents;
      rows.set(line.epci, row);
    }
  });
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** Side by side: per EPCI, the current amount, each scenario's and its difference; totals; charts. */
export function Comparison({ year, scenarios }: { year: number; scenarios: Scenario[] }) {
  const state = useComparison(year, scenarios);
  const indicators = useApi('indicators.compute', { year });
  if (state.status === 'loading') {
    return <Loading py="lg" />;
  }
  if (state.status === 'failed') return <ErrorAlert error={state.error} title="Comparaison impossible" />;
  const { results } = state;
  const labels = ['Situation actuelle', ...scenarios.map((s) => s.name)];
  const rows = rowsOf(results);
  const current = results[0] as ContributionsResult;
  const missing = results.flatMap((r, i) => r.missing.map((m) => ({ ...m, series: labels[i] })));

  return (
    <Stack gap="md">
      <ScrollTable minWidth={600} label={`Comparaison ${year}`}>
        <Table striped withTableBorder fz="sm" verticalSpacing={6} aria-label={`Comparaison ${year}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>EPCI</Table.Th>
              {labels.map((label, i) => (
                <Table.Th key={label} ta="right" colSpan={i === 0 ? 1 : 2}>
                  {label}
                </Table.Th>
              ))}
            </Table.Tr>
            {scenarios.length > 0 && (
              <Table.Tr>
                <Table.Th />
                <Table.Th ta="right" fw={400} c="dimmed">
                  montant
                </Table.Th>
                {scenarios.map((s) => [
                  <Table.Th key={`${s.name}-a`} ta="right" fw={400} c="dimmed">
                    montant
                  </Table.Th>,
                  <Table.Th key={`${s.name}-d`} ta="right" fw={400} c="dimmed">
                    écart
                  </Table.Th>,
                ])}
              </Table.Tr>
            )}
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.epci}>
                <Table.Td>{row.name}</Table.Td>
                {row.amounts.map((amount, i) => {
                  const cell = (
                    <Table.Td key={`${labels[i]}-a`} ta="right">
                      {amount === null ? '—' : centsFr(amount)}
                    </Table.Td>
                  );
                  if (i === 0) return cell;
                  const delta = (amount ?? 0) - (row.amounts[0] ?? 0);
                  return [
                    cell,
                    <Table.Td
                      key={`${labels[i]}-d`}
                      ta="right"
                      c={delta > 0 ? 'teal.9' : delta < 0 ? 'red.8' : 'dimmed'}
                    >
                      {deltaFr(delta)}
                    </Table.Td>,
                  ];
                })}
              </Table.Tr>
            ))}
            {rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={1 + labels.length * 2}>
                  <Text size="sm" c="dimmed">
                    Aucune convention en vigueur en {year}.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr fw={700}>
              <Table.Th>Total</Table.Th>
              {results.map((result, i) => {
                const cell = (
                  <Table.Th key={`${labels[i]}-a`} ta="right">
                    {centsFr(result.totalCents)}
                  </Table.Th>
                );
                if (i === 0) return cell;
                return [
                  cell,
                  <Table.Th key={`${labels[i]}-d`} ta="right">
                    {deltaFr(result.totalCents - current.totalCents)}
                  </Table.Th>,
                ];
              })}
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </ScrollTable>
      {missing.length > 0 && (
        <Alert color="orange" py="xs" title="Population manquante : montant non calculé">
          {missing.map((m) => (
            <Text key={`${m.series}-${m.epci}-${m.basis}-${m.millesime}`} size="sm">
              {m.series} — {m.name} : pas de population {m.basis} {m.millesime}.
            </Text>
          ))}
        </Alert>
      )}
      <Stack gap="md" aria-label="Graphiques" component="section">
        <Title order={3} size="h4">
          Graphiques
        </Title>
        <Paper withBorder p="sm">
          <BarChart
            title={`Participation par EPCI en ${year}`}
            series={labels.map((label, i) => ({ label, color: seriesColors[i] ?? '#495057' }))}
            groups={rows.map((row) => ({ label: row.name, values: row.amounts }))}
          />
        </Paper>
        <Paper withBorder p="sm">
          <BarChart
            title={`Total des participations en ${year}`}
            series={[{ label: 'Total', color: seriesColors[1] as string }]}
            groups={results.map((result, i) => ({
              label: labels[i] as string,
              values: [result.totalCents],
              color: seriesColors[i] ?? '#495057',
            }))}
          />
        </Paper>
        {indicators.data && (
          <CoverageChart year={year} results={results} labels={labels} indicators={indicators.data} />
        )}
        <ErrorAlert error={indicators.error} title="Couverture et répartition indisponibles" />
      </Stack>
      <Sensitivity year={year} results={results} labels={labels} />
    </Stack>
  );
}

const inhabitants: ChartUnit = {
  value: (n) => `${formatInteger(n)} hab.`,
  axis: (n) => formatInteger(Math.round(n)),
};

/**
 * Per situation: the population covered by a convention in force (stored, or the scenario's) against the
 * rest of the département; then, when the year's cost is known, the Département's and the EPCI's shares.
 */
function CoverageChart({
  year,
  results,
  labels,
  indicators,
}: {
  year: number;
  results: ContributionsResult[];
  labels: string[];
  indicators: Output<'indicators.compute'>;
}) {
  const coverage = coverageOf(results, indicators.epci, indicators.departementPopulation);
  const share = (permille: number | null) => (permille === null ? '' : ` — ${permilleFr(permille)}`);
  return (
    <>
      <Paper withBorder p="sm">
        <BarChart
          title={`Population couverte en ${year}`}
          unit={inhabitants}
          series={[
            { label: 'Couverte par une convention', color: seriesColors[3] as string },
            { label: 'Non couverte', color: '#ced4da' },
          ]}
          groups={coverage.map((c, i) => ({
            label: `${labels[i]}${share(c.sharePermille)}`,
            values: [c.covered, c.uncovered],
          }))}
        />
        <Text size="xs" c="dimmed">
          Habitants du département (population municipale {indicators.millesime}) des EPCI ayant une
          convention en vigueur en {year}, enregistrée ou prévue par le scénario.
        </Text>
      </Paper>
      {indicators.costCents > 0 && (
        <Paper withBorder p="sm">
          <BarChart
            title={`Département / EPCI : répartition du coût ${year}`}
            series={[
              { label: 'Part du Département', color: seriesColors[2] as string },
              { label: 'Participations des EPCI', color: seriesColors[1] as string },
            ]}
            groups={results.map((result, i) => ({
              label: labels[i] as string,
              values: [Math.max(0, indicators.costCents - result.totalCents), result.totalCents],
            }))}
          />
          <Text size="xs" c="dimmed">
            Coût du service {year} : {centsFr(indicators.costCents)} ; la part du Département est ce que les
            participations ne couvrent pas (comptée à zéro si elles dépassent le coût).
          </Text>
        </Paper>
      )}
    </>
  );
}
