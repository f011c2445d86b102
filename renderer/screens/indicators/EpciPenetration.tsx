import { Text } from '@mantine/core';
import type { UsageIndicators } from '../../../shared/domain/usage/indicators.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { BarChart } from '../contributions/BarChart.tsx';
import { decimalFr, integerFr } from './format.ts';
import { Missing } from './Missing.tsx';

type Epci = UsageIndicators['epci'][number];

/** Per 1 000 inhabitants with one decimal, carried as tenths so the chart gets whole numbers. */
const tenths = (decimal: string) => Math.round(Number(decimal) * 10);
const per1000Unit = {
  value: (n: number) => decimalFr((n / 10).toFixed(1)),
  axis: (n: number) => decimalFr((n / 10).toFixed(0)),
};

/** Active patrons per 1 000 inhabitants, EPCI by EPCI, beside the covered EPCIs' average. */
export function EpciPenetration({ data }: { data: UsageIndicators }) {
  const pulled = data.activityFetchedAt !== null;
  const columns: Column<Epci>[] = [
    { key: 'name', label: 'EPCI', value: (e) => e.name },
    { key: 'covered', label: 'Couvert par le service', value: (e) => (e.covered ? 'oui' : 'non') },
    {
      key: 'population',
      label: 'Population',
      value: (e) => e.population,
      render: (e) => integerFr(e.population),
    },
    {
      key: 'active',
      label: 'Lecteurs actifs',
      value: (e) => e.activePatrons ?? -1,
      render: (e) =>
        // Not pulled yet: said once above the table rather than on every EPCI's line.
        e.activePatrons === null ? '—' : integerFr(e.activePatrons),
    },
    {
      key: 'per1000',
      label: 'Pour 1 000 habitants',
      value: (e) => Number(e.per1000 ?? -1),
      render: (e) =>
        e.per1000 === null ? pulled ? <Missing why="population inconnue" /> : '—' : decimalFr(e.per1000),
    },
  ];
  const covered = data.epci.filter((e) => e.covered && e.per1000 !== null);
  return (
    <>
      <Text size="sm">
        Moyenne des EPCI couverts :{' '}
        {data.coveredPer1000 === null ? (
          <Missing
            why={pulled ? 'aucun EPCI couvert par le service' : 'chiffres de connexion pas encore reçus'}
          />
        ) : (
          <strong>{decimalFr(data.coveredPer1000)} lecteurs actifs pour 1 000 habitants</strong>
        )}
      </Text>
      {data.coveredPer1000 !== null && covered.length > 0 && (
        <BarChart
          title={`Lecteurs actifs pour 1 000 habitants, EPCI couverts, ${data.year}`}
          series={[{ label: 'Pour 1 000 habitants', color: '#1c7ed6' }]}
          groups={[
            ...covered.map((e) => ({ label: e.name, values: [tenths(e.per1000 as string)] })),
            {
              label: 'Moyenne des EPCI couverts',
              values: [tenths(data.coveredPer1000)],
              color: '#868e96',
            },
          ]}
          unit={per1000Unit}
        />
      )}
      <DataTable
        caption={`Lecteurs actifs pour 1 000 habitants, par EPCI, ${data.year}`}
        columns={columns}
        rows={data.epci}
        rowKey={(e) => e.epci}
        initialSort={{ key: 'per1000', descending: true }}
        empty="Aucun EPCI dans le référentiel."
      />
    </>
  );
}
