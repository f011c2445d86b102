import { Button, Checkbox, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { scenarioStatusLabels } from '../../shared/domain/scenarios.ts';
import { defaultReportDefaults, defaultReportYear } from '../../shared/domain/settings.ts';
import { api } from '../api.ts';
import { saveFile } from '../components/download.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LoadState } from '../components/LoadState.tsx';
import { useAction } from '../components/useAction.ts';
import { useApi } from '../components/useApi.ts';
import { centsFr } from './contributions/scenarios.ts';
import { YearSelect } from './contributions/YearSelect.tsx';
import { BnrReports } from './reports/BnrReports.tsx';

const maxScenarios = 4;

type Produced = { fileName: string; content: string };

/**
 * The documents of a year, ready to send: the financing workbook (with up to four scenarios stored on
 * the Scénarios screen), one statement per EPCI with a convention that year, and the figures as CSV.
 */
export function ReportsScreen() {
  // The year and the kept copy follow this PC's report defaults (Réglages) until staff pick a year here.
  const settings = useApi('settings.get', {});
  const defaults = settings.data?.reports ?? defaultReportDefaults;
  const [picked, setYear] = useState<string | null>(null);
  const year = picked ?? String(defaultReportYear(defaults, new Date()));
  // The stored scenarios (edited on their own screen), sent by id: the service reads them from the base.
  const stored = useApi('scenario.list', {});
  const [chosen, setChosen] = useState<string[]>([]);
  const scenarios = chosen.map((id) => ({ id }));
  const financing = useAction();
  const csv = useAction();
  const reveal = useAction();
  // The last financing workbook: its copy in the reports folder when the desktop app kept one.
  const [lastFinancing, setLastFinancing] = useState<{ fileName: string; kept: string | null } | null>(null);

  async function download(action: ReturnType<typeof useAction>, work: () => Promise<Produced>) {
    const file = await action.run(work);
    if (file) saveFile(file.fileName, file.content);
  }

  async function downloadFinancing() {
    setLastFinancing(null);
    // Saved (native dialog in the desktop app, a download in a browser) before the note and the button.
    const file = await financing.run(async () => {
      const produced = await api.call('report.financing', {
        year: Number(year),
        scenarios,
        keep: defaults.keepCopy,
      });
      await saveFile(produced.fileName, produced.content);
      return produced;
    });
    if (file) setLastFinancing({ fileName: file.fileName, kept: file.kept?.path ?? null });
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Rapports</Title>
          <Text size="sm" c="dimmed">
            Les documents de l’année, prêts à envoyer. Les classeurs Excel gardent leurs formules : les
            montants sont recalculés au centime près à l’ouverture.
          </Text>
        </div>
        <YearSelect value={year} onChange={setYear} />
      </Group>

      <Paper withBorder p="sm" component="section" aria-label="Rapport de financement">
        <Stack gap="sm">
          <Title order={3} size="h4">
            Rapport de financement {year}
          </Title>
          <Text size="sm">
            Un classeur Excel : la synthèse des participations selon les conventions enregistrées, le calcul
            détaillé de chaque EPCI, la comparaison avec les scénarios cochés ci-dessous, une table de
            sensibilité et les sources. Les formules sont dans le classeur, recalculées au centime près.
          </Text>
          <ErrorAlert error={stored.error} title="Scénarios indisponibles" />
          {stored.data && stored.data.length > 0 ? (
            <Group gap="lg">
              {stored.data.map((scenario) => {
                const checked = chosen.includes(scenario.id);
                return (
                  <Checkbox
                    key={scenario.id}
                    label={`${scenario.name} (${scenario.year}, ${scenarioStatusLabels[scenario.status]})`}
                    checked={checked}
                    disabled={!checked && chosen.length >= maxScenarios}
                    onChange={(event) => {
                      const on = event.currentTarget.checked;
                      setChosen((ids) => (on ? [...ids, scenario.id] : ids.filter((i) => i !== scenario.id)));
                    }}
                  />
                );
              })}
              <Text size="xs" c="dimmed">
                {maxScenarios} scénarios au plus.
              </Text>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              Aucun scénario enregistré : le rapport ne montrera que la situation actuelle.
            </Text>
          )}
          <Group>
            <Button loading={financing.busy} onClick={() => void downloadFinancing()}>
              Télécharger le rapport de financement
            </Button>
            {lastFinancing?.kept && (
              <Button
                variant="default"
                loading={reveal.busy}
                onClick={() => {
                  const kept = lastFinancing.kept;
                  if (kept) void reveal.run(() => api.call('report.reveal', { path: kept }));
                }}
              >
                Ouvrir le dossier
              </Button>
            )}
          </Group>
          {lastFinancing && (
            <Text size="sm" c="dimmed" role="status">
              {lastFinancing.kept
                ? `Une copie de « ${lastFinancing.fileName} » est enregistrée dans le dossier des rapports de l’application.`
                : `« ${lastFinancing.fileName} » a été téléchargé par le navigateur. Le bouton « Ouvrir le dossier » n’existe que dans l’application de bureau.`}
            </Text>
          )}
          <ErrorAlert error={financing.error} title="Rapport non produit" />
          <ErrorAlert error={reveal.error} title="Dossier non ouvert" />
        </Stack>
      </Paper>

      <Statements year={Number(year)} />

      <BnrReports year={Number(year)} />

      <Paper withBorder p="sm" component="section" aria-label="Chiffres en CSV">
        <Stack gap="sm">
          <Title order={3} size="h4">
            Chiffres en CSV
          </Title>
          <Text size="sm">
            Les montants de l’année, une ligne par convention, séparés par des points-virgules : à ouvrir dans
            un tableur ou à reprendre dans un autre outil.
          </Text>
          <Group>
            <Button
              variant="default"
              loading={csv.busy}
              onClick={() => void download(csv, () => api.call('contributions.csv', { year: Number(year) }))}
            >
              Télécharger le CSV
            </Button>
          </Group>
          <ErrorAlert error={csv.error} title="CSV non produit" />
        </Stack>
      </Paper>
    </Stack>
  );
}

/** One "appel de participation" per EPCI with a convention in the year. */
function Statements({ year }: { year: number }) {
  const result = useApi('contributions.compute', { year });
  const statement = useAction();
  const [busyEpci, setBusyEpci] = useState<string | null>(null);

  async function download(epci: string) {
    setBusyEpci(epci);
    const file = await statement.run(() => api.call('report.statement', { epci, year }));
    setBusyEpci(null);
    if (file) saveFile(file.fileName, file.content);
  }

  return (
    <Paper withBorder p="sm" component="section" aria-label="Appels de participation">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Appels de participation {year}
        </Title>
        <Text size="sm">
          Pour chaque EPCI ayant une convention cette année, un classeur Excel à lui adresser : une première
          page prête à imprimer (population retenue, taux par habitant, période couverte, montant dû), puis
          l’onglet « Calcul » où chaque montant est une formule, au centime près.
        </Text>
        <ErrorAlert error={statement.error} title="Appel de participation non produit" />
        <LoadState state={result}>
          {(data) => {
            const epcis = groupByEpci(data.lines);
            if (epcis.length === 0) {
              return (
                <Text size="sm" c="dimmed">
                  Aucune convention en {year} : pas d’appel de participation à produire.
                </Text>
              );
            }
            return (
              <Table aria-label={`Appels de participation ${year}`} striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>EPCI</Table.Th>
                    <Table.Th>SIREN</Table.Th>
                    <Table.Th style={{ textAlign: 'right' }}>Montant</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {epcis.map((e) => (
                    <Table.Tr key={e.epci}>
                      <Table.Td>{e.name}</Table.Td>
                      <Table.Td>{e.epci}</Table.Td>
                      <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                        {centsFr(e.amountCents)}
                      </Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}>
                        <Button
                          size="compact-sm"
                          variant="default"
                          loading={busyEpci === e.epci}
                          disabled={busyEpci !== null && busyEpci !== e.epci}
                          onClick={() => void download(e.epci)}
                          aria-label={`Télécharger l’appel de participation — ${e.name}`}
                        >
                          Télécharger
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            );
          }}
        </LoadState>
      </Stack>
    </Paper>
  );
}

function groupByEpci(
  lines: readonly { epci: string; name: string; amountCents: number }[],
): { epci: string; name: string; amountCents: number }[] {
  const byEpci = new Map<string, { epci: string; name: string; amountCents: number }>();
  for (const line of lines) {
    const current = byEpci.get(line.epci);
    if (current) current.amountCents += line.amountCents;
    else byEpci.set(line.epci, { epci: line.epci, name: line.name, amountCents: line.amountCents });
  }
  return [...byEpci.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}
