import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { EpciDetail } from '../../../shared/domain/collectivity.ts';
import {
  type Perimeter,
  type Prorata,
  perimeterLabels,
  perimeters,
  populationBasisLabels,
  prorataLabels,
  proratas,
} from '../../../shared/domain/convention.ts';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import { type PopulationBasis, populationBases } from '../../../shared/domain/epci.ts';
import { formatEurosFr, formatRate, parseRate } from '../../../shared/domain/money.ts';
import { api } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAction } from '../../components/useAction.ts';
import { useApi } from '../../components/useApi.ts';
import { firstDayOfNextMonth } from '../../format.ts';

const options = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((value) => ({ value, label: labels[value] }));

/**
 * A new convention's terms. Defaults are the usual case (municipale, whole EPCI, prorata by day,
 * starting the first of next month); a sentence restates the terms before they are saved.
 */
export function ConventionForm({
  epci,
  onClose,
  onSaved,
}: {
  epci: EpciDetail;
  onClose: () => void;
  onSaved: () => void;
}) {
  const vintages = useApi('millesime.list', {});
  const [terms, setTerms] = useState({
    reference: '',
    signedOn: '',
    start: firstDayOfNextMonth(),
    end: '',
    rate: '',
    floor: '',
    cap: '',
  });
  const [basis, setBasis] = useState<PopulationBasis>('municipale');
  const [millesime, setMillesime] = useState(String(epci.millesime));
  const [perimeter, setPerimeter] = useState<Perimeter>('epci');
  const [prorata, setProrata] = useState<Prorata>('days');
  const action = useAction();
  const set = (field: keyof typeof terms) => (event: { currentTarget: { value: string } }) =>
    setTerms({ ...terms, [field]: event.currentTarget.value });

  const vintage = vintages.data?.find((v) => String(v.millesime) === millesime);
  const basisMissing = vintage !== undefined && !vintage.bases.some((b) => b.basis === basis);
  const rate = parseRate(terms.rate);

  async function submit() {
    const saved = await action.run(() =>
      api.call('convention.add', {
        epci: epci.siren,
        reference: terms.reference,
        signedOn: terms.signedOn || null,
        start: terms.start,
        end: terms.end || null,
        rate: terms.rate,
        basis,
        millesime: Number(millesime),
        perimeter,
        prorata,
        floor: terms.floor || null,
        cap: terms.cap || null,
      }),
    );
    if (saved) onSaved();
  }

  return (
    <Modal opened onClose={onClose} title={`Nouvelle convention — ${epci.name}`} size="xl" centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <SimpleGrid cols={4}>
            <TextInput
              label="Référence"
              placeholder="Ex. : CONV-2026-03"
              value={terms.reference}
              onChange={set('reference')}
              data-autofocus
            />
            <TextInput type="date" label="Signée le" value={terms.signedOn} onChange={set('signedOn')} />
            <TextInput type="date" label="Début" required value={terms.start} onChange={set('start')} />
            <TextInput
              type="date"
              label="Fin"
              placeholder="sans date de fin"
              value={terms.end}
              onChange={set('end')}
            />
          </SimpleGrid>
          <SimpleGrid cols={3}>
            <TextInput
              label="Taux (€ par habitant)"
              placeholder="0,30"
              required
              value={terms.rate}
              onChange={set('rate')}
              error={terms.rate !== '' && rate === null ? 'Exemple : 0,30 (4 décimales au plus)' : undefined}
            />
            <Select
              label="Base de population"
              data={options(populationBases, populationBasisLabels)}
              value={basis}
              onChange={(value) => value && setBasis(value as PopulationBasis)}
              allowDeselect={false}
            />
            <Select
              label="Millésime"
              data={(vintages.data ?? []).map((v) => ({
                value: String(v.millesime),
                label: `${v.millesime} (en vigueur en ${v.inForceYear})`,
              }))}
              value={millesime}
              onChange={(value) => value && setMillesime(value)}
              allowDeselect={false}
            />
          </SimpleGrid>
          <SimpleGrid cols={4}>
            <Select
              label="Périmètre"
              data={options(perimeters, perimeterLabels)}
              value={perimeter}
              onChange={(value) => value && setPerimeter(value as Perimeter)}
              allowDeselect={false}
              style={{ gridColumn: 'span 2' }}
            />
            <Select
              label="Prorata la première année"
              data={options(proratas, prorataLabels)}
              value={prorata}
              onChange={(value) => value && setProrata(value as Prorata)}
              allowDeselect={false}
              style={{ gridColumn: 'span 2' }}
            />
            <TextInput
              label="Plancher (€)"
              placeholder="facultatif"
              value={terms.floor}
              onChange={set('floor')}
            />
            <TextInput label="Plafond (€)" placeholder="facultatif" value={terms.cap} onChange={set('cap')} />
          </SimpleGrid>
          {basisMissing && (
            <Alert color="orange" py="xs">
              Le millésime {millesime} n’a pas de population {populationBasisLabels[basis]} : importez-la dans
              Réglages, sinon la population de la convention restera inconnue.
            </Alert>
          )}
          <Text size="sm" c="dimmed" aria-live="polite">
            {rate === null
              ? 'Indiquez le taux par habitant.'
              : `${formatEurosFr(formatRate(rate))} par habitant, population ${populationBasisLabels[basis]} ${millesime} de ${perimeterLabels[perimeter]}, à partir du ${terms.start ? formatDateFr(terms.start) : '…'}${terms.end ? ` jusqu’au ${formatDateFr(terms.end)}` : ', sans date de fin'} ; première année ${prorataLabels[prorata]}.`}
          </Text>
          <ErrorAlert error={vintages.error} title="Millésimes indisponibles" />
          <ErrorAlert error={action.error} title="Convention non enregistrée" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={action.busy}>
              Enregistrer la convention
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
