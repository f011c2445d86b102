import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { PatronAccess as Access } from '../../../shared/contract/eligibility.ts';
import { useApi } from '../../components/useApi.ts';
import { countFr } from '../../format.ts';

/** The rules this PC applied, said plainly: the grace period, and whether the Département's rules arrived. */
export function rulesSentence(rules: Access['rules'], epci?: string | null): string {
  const grace =
    rules.graceDays > 0
      ? `l’accès reste ouvert ${countFr(rules.graceDays, 'jour', 'jours')} après la fin de l’abonnement`
      : 'l’accès se ferme le lendemain de la fin de l’abonnement';
  const opened =
    epci && rules.openedEpcis.includes(epci) ? ' ; son EPCI est ouvert par décision du Département' : '';
  const origin = rules.fromCentral
    ? 'règles reçues du service central'
    : 'règles par défaut : ce poste n’a pas encore reçu celles du Département';
  return `Règles appliquées : ${grace}${opened} (${origin}).`;
}

/**
 * On the patron's card: may this patron enter the médiathèque numérique today, until when, or why not —
 * the same answer the platforms get at sign-in (one rule, shared/domain/eligibility.ts).
 */
export function PatronAccess({ patronId, epci }: { patronId: string; epci: string | null }) {
  const access = useApi('patron.access', { patronId });
  const data = access.data;
  const color = data?.eligible ? 'teal.9' : 'red.9';
  return (
    <Paper
      withBorder
      p="sm"
      component="section"
      aria-label="Accès à la médiathèque numérique"
      style={data ? { borderLeft: `4px solid var(--mantine-color-${color.replace('.', '-')})` } : undefined}
    >
      {access.status === 'failed' ? (
        <Text size="sm" c="red.9">
          Accès à la médiathèque numérique : impossible à dire ({access.error.message})
        </Text>
      ) : !data ? (
        <Text size="sm" c="dimmed">
          Accès à la médiathèque numérique : …
        </Text>
      ) : (
        <Stack gap={4}>
          <Group gap="xs">
            <Badge color={color} variant="filled" tt="none" size="lg">
              {data.eligible ? 'Accès : oui' : 'Accès : non'}
            </Badge>
          </Group>
          <Text size="sm">{data.sentence}</Text>
          <Text size="xs" c="dimmed">
            {rulesSentence(data.rules, epci)}
          </Text>
        </Stack>
      )}
    </Paper>
  );
}
