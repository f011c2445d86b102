import { Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { contract, type Output } from '../../../shared/contract.ts';
import { pricingLabels, pricings } from '../../../shared/domain/costs.ts';
import { formatEurosFr } from '../../../shared/domain/money.ts';
import { formatInteger } from '../../../shared/format.ts';
import { api } from '../../api.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { ContractFormElement, useContractForm } from '../../components/contractForm.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Stat } from '../../components/Stat.tsx';
import { useApi } from '../../components/useApi.ts';
import { useConfirmedAction } from '../../components/useConfirmedAction.ts';
import { formatDateTimeFr, formatPercentFr } from '../../format.ts';
import { ActivePatrons } from './ActivePatrons.tsx';
import { BarChart, seriesColors } from './BarChart.tsx';
import { centsFr } from './scenarios.ts';

type CostLine = Output<'cost.list'>[number];
type Indicators = Output<'indicators.compute'>;
type EpciIndicators = Indicators['epci'][number];
type Pricing = (typeof pricings)[number];

const nowrap = { whiteSpace: 'nowrap' } as const;

/** Cents that may be negative (the Département's share when contributions exceed the cost). */
export function signedCentsFr(cents: number): string {
  return cents < 0 ? `− ${centsFr(-cents)}` : centsFr(cents);
}

/** "12.5" → "12,5": a contract ratio the French way; null → "—". */
export function decimalFr(decimal: string | null): string {
  return decimal === null ? '—' : decimal.replace('.', ',');
}

/** "0.51" → "0,51 €"; null → "—". */
const eurosRatioFr = (decimal: string | null) => (decimal === null ? '—' : formatEurosFr(decimal));

/** The EPCI table; before any active-patron figures were pulled, their columns say « — », not zero. */
const epciColumns = (pulled: boolean): Column<EpciIndicators>[] => [
  {
    key: 'name',
    label: 'EPCI',
    value: (e) => e.name,
    render: (e) => (
      <>
        {e.name}
        {!e.active && (
          <Text span size="xs" c="dimmed">
            {' '}
            (non couvert)
          </Text>
        )}
      </>
    ),
  },
  {
    key: 'population',
    label: 'Population (dans le département)',
    value: (e) => e.population,
    render: (e) => <span style={nowrap}>{formatInteger(e.population)}</span>,
  },
  { key: 'patrons', label: 'Lecteurs inscrits', value: (e) => e.patrons },
  { key: 'persons', label: 'Personnes', value: (e) => e.persons },
  {
    key: 'patronsPer1000',
    label: 'Lecteurs pour 1 000 hab.',
    value: (e) => (e.patronsPer1000 === null ? -1 : Number(e.patronsPer1000)),
    render: (e) => decimalFr(e.patronsPer1000),
  },
  {
    key: 'activePatrons',
    label: 'Lecteurs actifs',
    value: (e) => e.activePatrons,
    render: (e) => (pulled ? formatInteger(e.activePatrons) : '—'),
  },
  {
    key: 'activeShare',
    label: 'Actifs / inscrits',
    value: (e) => (e.activeShare === null ? -1 : Number(e.activeShare)),
    render: (e) => (!pulled || e.activeShare === null ? '—' : `${decimalFr(e.activeShare)} %`),
  },
  {
    key: 'activePer1000',
    label: 'Actifs pour 1 000 habitants',
    value: (e) => (e.activePer1000 === null ? -1 : Number(e.activePer1000)),
    render: (e) => (pulled ? decimalFr(e.activePer1000) : '—'),
  },
  {
    key: 'contribution',
    label: 'Participation',
    value: (e) => e.contributionCents,
    render: (e) => <span style={nowrap}>{centsFr(e.contributionCents)}</span>,
  },
  {
    key: 'perInhabitant',
    label: 'Participation par habitant',
    value: (e) => (e.contributionPerInhabitant === null ? -1 : Number(e.contributionPerInhabitant)),
    render: (e) => <span style={nowrap}>{eurosRatioFr(e.contributionPerInhabitant)}</span>,
  },
];

/**
 * The year's service cost (the vendors' lines) against what the EPCI pay, and the indicators staff
 * report: who pays what, how many inhabitants and readers the service reaches.
 */
export function CostIndicators({ year }: { year: number }) {
  const costs = useApi('cost.list', { year });
  const indicators = useApi('indicators.compute', { year });
  const { reload: reloadCosts } = costs;
  const { reload: reloadIndicators } = indicators;
  const changed = () => {
    reloadCosts();
    reloadIndicators();
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="cost-indicators-title">
      <Stack gap="md">
        <div>
          <Title order={3} id="cost-indicators-title">
            Coût du service et indicateurs
          </Title>
          <Text size="sm" c="dimmed">
            Ce que le service coûte en {year}, ce que les EPCI en paient et ce qui reste à la charge du
            Département.
          </Text>
        </div>
        <LoadState state={costs}>
          {(lines) => <CostLines year={year} lines={lines} onChanged={changed} />}
        </LoadState>
        <LoadState state={indicators}>{(data) => <IndicatorsView data={data} />}</LoadState>
        <ActivePatrons year={year} onRefreshed={reloadIndicators} />
      </Stack>
    </Paper>
  );
}

function CostLines({ year, lines, onChanged }: { year: number; lines: CostLine[]; onChanged: () => void }) {
  const removal = useConfirmedAction((item: CostLine) => api.call('cost.remove', { id: item.id }), onChanged);
  const removing = removal.item;

  const columns: Column<CostLine>[] = [
    { key: 'vendor', label: 'Fournisseur', value: (l) => l.vendor },
    { key: 'label', label: 'Libellé', value: (l) => l.label },
    { key: 'pricing', label: 'Tarification', value: (l) => pricingLabels[l.pricing] },
    {
      key: 'amount',
      label: 'Montant',
      value: (l) => l.amountCents,
      render: (l) => <span style={nowrap}>{centsFr(l.amountCents)}</span>,
    },
    {
      key: 'actions',
      label: 'Actions',
      value: () => '',
      sortable: false,
      render: (l) => (
        <Button
          size="compact-xs"
          variant="subtle"
          color="red"
          aria-label={`Supprimer la ligne ${l.vendor} — ${l.label}`}
          onClick={() => {
            removal.ask(l);
          }}
        >
          Supprimer
        </Button>
      ),
    },
  ];

  return (
    <Stack gap="sm">
      <DataTable
        caption={`Coût du service ${year}`}
        columns={columns}
        rows={lines}
        rowKey={(l) => l.id}
        empty={`Aucune ligne de coût enregistrée pour ${year}.`}
      />
      <CostForm year={year} onAdded={onChanged} />
      <ConfirmModal
        {...removal.modal}
        title="Supprimer cette ligne de coût ?"
        confirmLabel="Supprimer la ligne"
        danger
      >
        <Text size="sm">
          <b>
            {removing?.vendor} — {removing?.label}
          </b>{' '}
          ({removing ? centsFr(removing.amountCents) : ''}) ne comptera plus dans le coût du service {year}.
          La suppression est inscrite au journal.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

const blank = { vendor: '', label: '', pricing: null as Pricing | null, amount: '' };

function CostForm({ year, onAdded }: { year: number; onAdded: () => void }) {
  const costForm = useContractForm({
    initialValues: blank,
    schema: contract['cost.add'].input,
    // An unchosen pricing is null: the schema says « Choisissez la tarification ».
    toInput: (fields) => ({ year, ...fields, pricing: fields.pricing as Pricing }),
    send: (input) => api.call('cost.add', input),
    onSaved: () => {
      costForm.form.reset();
      onAdded();
    },
  });
  const { form } = costForm;

  return (
    <ContractFormElement contract={costForm} label="Ajouter une ligne de coût" actions={null}>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput label="Fournisseur" w={180} {...form.getInputProps('vendor')} />
        <TextInput label="Libellé" w={220} {...form.getInputProps('label')} />
        <Select
          label="Tarification"
          data={pricings.map((p) => ({ value: p, label: pricingLabels[p] }))}
          w={240}
          {...form.getInputProps('pricing')}
        />
        <TextInput label="Montant (€)" placeholder="30 000" w={130} {...form.getInputProps('amount')} />
        <Button type="submit" loading={costForm.busy} mt={25}>
          Ajouter la ligne
        </Button>
      </Group>
    </ContractFormElement>
  );
}

function IndicatorsView({ data }: { data: Indicators }) {
  // With no cost entered there is no share to speak of: not a negative one in red.
  const costKnown = data.costCents > 0;
  const negative = costKnown && data.departementShareCents < 0;
  const share = (cents: number) =>
    data.costCents > 0 ? ` (${formatPercentFr(cents / data.costCents)})` : '';
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, md: 3 }} spacing="sm">
        <Stat
          label="Coût du service"
          value={costKnown ? centsFr(data.costCents) : 'Non renseigné'}
          hint={costKnown ? undefined : `Ajoutez ci-dessous les lignes de coût de ${data.year}.`}
        />
        <Stat label="Participations des EPCI" value={centsFr(data.contributionsCents)} />
        <Stat
          label="Part du Département"
          value={costKnown ? signedCentsFr(data.departementShareCents) : '—'}
          hint={
            !costKnown
              ? 'Calculée une fois le coût du service renseigné.'
              : negative
                ? undefined
                : 'Coût du service moins les participations.'
          }
          color={negative ? 'red' : undefined}
        >
          {negative && (
            <Text size="sm" c="red" fw={600} role="status">
              Les participations dépassent le coût
            </Text>
          )}
        </Stat>
        <Stat
          label="Population couverte"
          value={formatInteger(data.coveredPopulation)}
          hint={
            data.coveredShare === null
              ? `Population du département inconnue (millésime ${data.millesime}).`
              : `${decimalFr(data.coveredShare)} % des ${formatInteger(data.departementPopulation)} habitants du département (${data.millesime}), EPCI au statut actif`
          }
        />
        <Stat label="Coût par habitant couvert" value={eurosRatioFr(data.costPerInhabitantCovered)} />
        <Stat
          label="Coût par lecteur inscrit"
          value={eurosRatioFr(data.costPerPerson)}
          hint={`${formatInteger(data.persons)} personnes distinctes`}
        />
        <Stat
          label="Lecteurs actifs"
          value={data.activePatrons === null ? '—' : formatInteger(data.activePatrons)}
          hint={
            data.activePatrons === null || data.activityFetchedAt === null
              ? `Pas encore de chiffres de connexion pour ${data.year} : ils arrivent du serveur central à la synchronisation.`
              : `Au moins une connexion à une ressource en ${data.year}${data.activeShare === null ? '' : ` : ${decimalFr(data.activeShare)} % des ${formatInteger(data.patrons)} inscrits`}${data.activePer1000 === null ? '' : `, ${decimalFr(data.activePer1000)} pour 1 000 habitants couverts`} (chiffres du ${formatDateTimeFr(data.activityFetchedAt)}).`
          }
        />
      </SimpleGrid>
      <DataTable
        caption={`Indicateurs par EPCI ${data.year}`}
        columns={epciColumns(data.activityFetchedAt !== null)}
        rows={data.epci}
        rowKey={(e) => e.epci}
        empty="Aucun EPCI enregistré."
      />
      {data.costCents > 0 && (
        <Paper withBorder p="sm">
          <BarChart
            title={`Département / EPCI : répartition du coût ${data.year}`}
            series={[{ label: 'Part du coût', color: seriesColors[1] as string }]}
            groups={[
              {
                label: `Département${share(Math.max(0, data.departementShareCents))}`,
                values: [Math.max(0, data.departementShareCents)],
                color: seriesColors[2],
              },
              {
                label: `EPCI${share(data.contributionsCents)}`,
                values: [data.contributionsCents],
                color: seriesColors[1],
              },
            ]}
          />
          {negative && (
            <Text size="xs" c="red">
              Les participations dépassent le coût de {centsFr(-data.departementShareCents)} : la part du
              Département est comptée à zéro sur le graphique.
            </Text>
          )}
        </Paper>
      )}
    </Stack>
  );
}
