import { Alert, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import type { EligibilityCounts, EligibilityTally } from '../../../shared/contract/eligibility.ts';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import { ineligibleReasons } from '../../../shared/domain/eligibility.ts';
import { ineligibleReasonLabels } from '../../../shared/domain/eligibility-labels.ts';
import { formatInteger } from '../../../shared/format.ts';
import { Loading } from '../../components/LoadState.tsx';
import { useApi } from '../../components/useApi.ts';
import { countFr } from '../../format.ts';
import { rulesSentence } from './PatronAccess.tsx';

/**
 * « Lecteurs ayant accès : N sur M inscrits », and why the others have none, for a library or an EPCI
 * (eligibility.counts). A patron may lack access for several reasons, each counted.
 */
export function AccessCounts({
  counts,
  tally,
  closedBecause = [],
  whose,
}: {
  counts: EligibilityCounts;
  tally: EligibilityTally | undefined;
  /** What closes access to every patron of the library today (the rule's own words). */
  closedBecause?: string[];
  /** « de cette bibliothèque », « des bibliothèques de cet EPCI ». */
  whose: string;
}) {
  const titleId = useId();
  const reasons = tally ? ineligibleReasons.filter((r) => tally.reasons[r] > 0) : [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Title order={3} size="h4" id={titleId}>
          Accès à la médiathèque numérique
        </Title>
        {!tally || tally.registered + tally.unregistered === 0 ? (
          <Text size="sm">Aucun lecteur {whose} dans le registre.</Text>
        ) : (
          <>
            <Text size="sm">
              Lecteurs ayant accès le {formatDateFr(counts.on)} :{' '}
              <b>
                {formatInteger(tally.eligible)} sur {countFr(tally.registered, 'inscrit', 'inscrits')}
              </b>
              .
            </Text>
            {closedBecause.length > 0 && (
              // A standing fact of the page, not news: a note, so no screen reader interrupts for it.
              <Alert color="orange" py="xs" title="Accès fermé à tous ses lecteurs" role="note">
                Parce que {closedBecause.join(' ; ')}.
              </Alert>
            )}
            {reasons.length > 0 && (
              <div>
                <Text size="sm">
                  Sans accès : {countFr(tally.ineligible, 'inscrit', 'inscrits')}, parce que :
                </Text>
                <List size="sm" aria-label="Raisons de l’absence d’accès">
                  {reasons.map((reason) => (
                    <List.Item key={reason}>
                      {ineligibleReasonLabels[reason]} : {formatInteger(tally.reasons[reason])}
                    </List.Item>
                  ))}
                </List>
              </div>
            )}
            {tally.unregistered > 0 && (
              <Text size="sm" c="dimmed">
                Sans compter{' '}
                {countFr(tally.unregistered, 'ancien lecteur retiré', 'anciens lecteurs retirés')} du fichier
                de sa bibliothèque (sans accès).
              </Text>
            )}
          </>
        )}
        <Text size="xs" c="dimmed">
          {rulesSentence(counts.rules)}
        </Text>
      </Stack>
    </Paper>
  );
}

/** The counts of one library (with what closes it to all) or of one EPCI (all its libraries). */
export function AccessCountsOf(of: { libraryId: string } | { epci: string }) {
  const state = useApi('eligibility.counts', {});
  if (state.status === 'loading') return <Loading py="lg" />;
  if (state.status === 'failed')
    return (
      <Alert color="red" title="Accès à la médiathèque numérique : comptage impossible" role="alert">
        {state.error.message}
      </Alert>
    );
  const counts = state.data;
  if ('libraryId' in of) {
    const library = counts.libraries.find((l) => l.libraryId === of.libraryId);
    return (
      <AccessCounts
        counts={counts}
        tally={library}
        closedBecause={library?.closedBecause}
        whose="de cette bibliothèque"
      />
    );
  }
  return (
    <AccessCounts
      counts={counts}
      tally={counts.epcis.find((e) => e.siren === of.epci)}
      whose="des bibliothèques de cet EPCI"
    />
  );
}
