import { Alert, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { LoadState } from '../components/LoadState.tsx';
import { useApi } from '../components/useApi.ts';
import { formatDateTimeFr } from '../format.ts';
import { BarChart } from './contributions/BarChart.tsx';
import { YearSelect } from './contributions/YearSelect.tsx';
import { EpciPenetration } from './indicators/EpciPenetration.tsx';
import { decimalEurosFr, eurosFr, integerFr } from './indicators/format.ts';
import { Missing } from './indicators/Missing.tsx';
import { PlatformTable } from './indicators/PlatformTable.tsx';

const usesUnit = { value: integerFr, axis: integerFr };

/**
 * The usage indicators of a year (issue 18): vendors' declared uses against the cost lines and the active
 * patrons counted at sign-in, per platform; penetration per EPCI beside the covered EPCIs' average.
 */
export function IndicatorsScreen() {
  // Usage is reported after the fact: the year shown first is the current one.
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const result = useApi('indicators.usage', { year: Number(year) });
  return (
    <Stack gap="md">
      <Title order={2}>Indicateurs d’usage</Title>
      <Group align="flex-end">
        <YearSelect value={year} onChange={setYear} />
      </Group>
      <List size="sm" maw={820} spacing={2}>
        <List.Item>
          Utilisations : demandes de documents (Total_Item_Requests) déclarées par les fournisseurs (COUNTER),
          importées sur l’écran Usages.
        </List.Item>
        <List.Item>
          Coût : les lignes de coût de l’année dont le fournisseur porte le nom de la plateforme (sans tenir
          compte des majuscules, des accents ni des espaces).
        </List.Item>
        <List.Item>
          Lecteurs actifs : lecteurs qui se sont connectés au moins une fois dans l’année, comptés par le
          service central et reçus à la synchronisation.
        </List.Item>
      </List>
      <LoadState state={result}>
        {(data) => {
          const d = data.departement;
          const used = data.platforms.filter((p) => p.requests !== null);
          return (
            <Stack gap="md">
              <Text size="sm" c="dimmed">
                {data.activityFetchedAt === null
                  ? `Chiffres de connexion pour ${data.year} pas encore reçus : ils arrivent à la synchronisation.`
                  : `Chiffres de connexion reçus le ${formatDateTimeFr(data.activityFetchedAt)}.`}
              </Text>
              <Title order={3}>Département</Title>
              <SimpleGrid cols={{ base: 2, md: 4 }} maw={960}>
                <Figure label="Utilisations" value={integerFr(d.requests)} />
                <Figure
                  label="Coût par utilisation"
                  value={d.costPerUse === null ? null : decimalEurosFr(d.costPerUse)}
                  why={d.costCents === 0 ? 'aucune ligne de coût' : 'aucune utilisation déclarée'}
                />
                <Figure
                  label="Lecteurs actifs"
                  value={d.activePatrons === null ? null : integerFr(d.activePatrons)}
                  why="chiffres de connexion pas encore reçus"
                />
                <Figure
                  label="Coût par lecteur actif"
                  value={d.costPerActivePatron === null ? null : decimalEurosFr(d.costPerActivePatron)}
                  why={d.costCents === 0 ? 'aucune ligne de coût' : 'chiffres de connexion pas encore reçus'}
                />
              </SimpleGrid>
              <Text size="xs" c="dimmed" maw={820}>
                Pour le Département, le coût est celui de toutes les lignes de coût de l’année (
                {eurosFr(d.costCents)}), rattachées à une plateforme ou non ; un lecteur actif sur deux
                plateformes y compte une fois.
              </Text>
              <Title order={3}>Par plateforme</Title>
              <PlatformTable data={data} />
              {data.unmatchedCosts.length > 0 && (
                <Alert color="yellow" title="Lignes de coût rattachées à aucune plateforme">
                  <Text size="sm">
                    Leur fournisseur ne porte le nom d’aucune plateforme ayant un rapport d’usage ou des
                    lecteurs actifs : elles comptent dans le coût du Département, pas dans celui d’une
                    plateforme.
                  </Text>
                  <List size="sm" mt={4}>
                    {data.unmatchedCosts.map((c) => (
                      <List.Item key={c.id}>
                        {c.vendor} — {c.label} : {eurosFr(c.amountCents)}
                      </List.Item>
                    ))}
                  </List>
                </Alert>
              )}
              {used.length > 0 && (
                <BarChart
                  title={`Utilisations par plateforme, ${data.year}`}
                  series={[{ label: 'Utilisations', color: '#1c7ed6' }]}
                  groups={used.map((p) => ({ label: p.platform, values: [p.requests] }))}
                  unit={usesUnit}
                />
              )}
              <Title order={3}>Par EPCI : lecteurs actifs pour 1 000 habitants</Title>
              <EpciPenetration data={data} />
            </Stack>
          );
        }}
      </LoadState>
    </Stack>
  );
}

/** One Département figure, or the dash and why. */
function Figure({ label, value, why }: { label: string; value: string | null; why?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {value === null ? (
        <Missing why={why ?? ''} />
      ) : (
        <Text fw={700} size="lg">
          {value}
        </Text>
      )}
    </div>
  );
}
