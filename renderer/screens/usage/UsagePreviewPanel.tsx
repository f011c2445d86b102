import { Alert, Button, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { metricLabels } from '../../../shared/domain/usage/metrics.ts';
import { monthFr } from '../../../shared/domain/usage/months.ts';
import type { UsagePreview } from '../../../shared/domain/usage/schemas.ts';
import { formatInteger } from '../../../shared/format.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { countFr, formatDateTimeFr } from '../../format.ts';

const kindLabels = { PR: 'plateforme', DR: 'bases de données', TR: 'titres' } as const;

/** What a report holds and what importing it would do, before anything is written. */
export function UsagePreviewPanel({
  preview,
  busy,
  error,
  onCommit,
  onDiscard,
}: {
  preview: UsagePreview;
  busy: boolean;
  error: { code: string; message: string } | null;
  onCommit: () => void;
  onDiscard: () => void;
}) {
  const months = [...new Set(preview.totals.map((t) => t.month))].sort();
  const metrics = [...new Set(preview.totals.map((t) => t.metric))];
  const countOf = (metric: string, month: string) =>
    preview.totals.find((t) => t.metric === metric && t.month === month)?.count ?? 0;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="apercu-usage">
      <Stack gap="sm">
        <Title order={3} id="apercu-usage">
          Aperçu : {preview.fileName}
        </Title>
        <Text size="sm">
          Rapport {preview.reportId} ({kindLabels[preview.reportKind]}, COUNTER {preview.release}) de{' '}
          <strong>{preview.platforms.join(', ') || 'plateforme inconnue'}</strong>, {preview.period}
          {preview.institution && <> — {preview.institution}</>}.
        </Text>
        <Text size="sm" c="dimmed">
          {countFr(preview.rows, 'chiffre', 'chiffres')}, total {formatInteger(preview.total)}
          {preview.created && <>, rapport créé le {formatDateTimeFr(preview.created)}</>}.
        </Text>
        {preview.noUsage && (
          <Alert color="blue" py="xs">
            La plateforme ne signale aucun usage sur la période (exception COUNTER 3030) : ces mois seront
            enregistrés à zéro.
          </Alert>
        )}
        {preview.exceptions
          .filter((e) => e.code !== 3030)
          .map((e) => (
            <Alert key={e.code} color="orange" py="xs">
              Exception COUNTER {e.code} : {e.message}
            </Alert>
          ))}
        {metrics.length > 0 && (
          <ScrollTable minWidth={600} label="Totaux par mesure et par mois">
            <Table striped withTableBorder fz="sm">
              <Table.Caption>Totaux par mesure et par mois</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Mesure</Table.Th>
                  {months.map((m) => (
                    <Table.Th key={m} scope="col" ta="right">
                      {monthFr(m)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {metrics.map((metric) => (
                  <Table.Tr key={metric}>
                    <Table.Th scope="row" fw={400}>
                      {metricLabels[metric]}
                      <Text size="xs" c="dimmed">
                        {metric}
                      </Text>
                    </Table.Th>
                    {months.map((m) => (
                      <Table.Td key={m} ta="right">
                        {formatInteger(countOf(metric, m))}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        {preview.alreadyImported && (
          <Alert color="yellow" py="xs">
            Ce fichier a déjà été importé le {formatDateTimeFr(preview.alreadyImported.committedAt)} («{' '}
            {preview.alreadyImported.fileName} »).
          </Alert>
        )}
        {preview.replaces.length > 0 && (
          <Alert color="yellow" py="xs" title="Cet import remplace des chiffres déjà enregistrés">
            <List size="sm">
              {preview.replaces.map((r) => (
                <List.Item key={`${r.batchId}-${r.platform}`}>{r.message}.</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {preview.problems.length > 0 && (
          <Alert color="red" role="alert" py="xs" title="Ce rapport ne peut pas être importé tel quel">
            <List size="sm">
              {preview.problems.map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity of their own
                <List.Item key={i}>
                  {p.line === null ? '' : `Ligne ${p.line} : `}
                  {p.message}
                </List.Item>
              ))}
            </List>
            <Text size="sm" mt="xs">
              Demandez au fournisseur un rapport corrigé : rien n’est enregistré tant qu’une ligne est
              fautive.
            </Text>
          </Alert>
        )}
        <ErrorAlert error={error} />
        <Group>
          <Button onClick={onCommit} loading={busy} disabled={!preview.importable}>
            Importer ce rapport
          </Button>
          <Button variant="default" onClick={onDiscard}>
            Abandonner
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
