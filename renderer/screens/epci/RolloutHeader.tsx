import { Progress, SimpleGrid, Text } from '@mantine/core';
import type { RolloutSummary } from '../../../shared/domain/collectivity.ts';
import { formatInteger } from '../../../shared/format.ts';
import { Stat } from '../../components/Stat.tsx';
import { countFr, formatPercentFr } from '../../format.ts';

/** The roll-out at a glance: who has joined, who is talking, how many inhabitants are covered. */
export function RolloutHeader({ summary }: { summary: RolloutSummary }) {
  const share =
    summary.departementPopulation > 0 ? summary.coveredPopulation / summary.departementPopulation : 0;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
      <Stat
        label="EPCI actifs"
        value={`${formatInteger(summary.active)} sur ${formatInteger(summary.epci)}`}
        hint="au statut « Actif »"
      />
      <Stat
        label="En négociation"
        value={formatInteger(summary.negotiating)}
        hint={`en discussion ou convention en cours · ${formatInteger(summary.byStatus.not_contacted)} non contactés`}
      />
      <Stat label="Population couverte" value={countFr(summary.coveredPopulation, 'habitant', 'habitants')}>
        <Text size="sm" fw={600}>
          — {formatPercentFr(share)} du département
        </Text>
        <Progress value={share * 100} my={4} aria-label="Part de la population du département couverte" />
        <Text size="xs" c="dimmed">
          sur {formatInteger(summary.departementPopulation)} habitants (population municipale{' '}
          {summary.millesime})
        </Text>
      </Stat>
      <Stat
        label="Bibliothèques participantes"
        value={`${formatInteger(summary.librariesParticipating)} sur ${formatInteger(summary.libraries)}`}
        hint="bibliothèques enregistrées"
      />
    </SimpleGrid>
  );
}
