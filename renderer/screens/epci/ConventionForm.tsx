import { Alert, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { contract } from '../../../shared/contract.ts';
import type { EpciDetail } from '../../../shared/domain/collectivity.ts';
import { describeBandsFr } from '../../../shared/domain/contributions/bands.ts';
import {
  type Convention,
  type Perimeter,
  type Prorata,
  perimeterLabels,
  perimeters,
  populationBasisLabels,
  prorataLabels,
  proratas,
} from '../../../shared/domain/convention.ts';
import { formatDateFr, isRealDate } from '../../../shared/domain/dates.ts';
import { type PopulationBasis, populationBases } from '../../../shared/domain/epci.ts';
import { formatEurosFr, formatRate, parseRate } from '../../../shared/domain/money.ts';
import { api } from '../../api.ts';
import { BandsEditor, bandsInput, type DraftBand, draftBands } from '../../components/BandsEditor.tsx';
import { useContractForm } from '../../components/contractForm.tsx';
import { DateField } from '../../components/DateField.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { useApi } from '../../components/useApi.ts';
import { firstDayOfNextMonth } from '../../format.ts';

const options = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((value) => ({ value, label: labels[value] }));

const frenchDecimal = (value: string | null) => value?.replace('.', ',') ?? '';

/**
 * A new convention's terms, or a stored one's corrected (`convention`). Defaults are the usual case
 * (municipale, whole EPCI, prorata by day, starting the first of next month); a sentence restates the
 * terms before they are saved.
 */
export function ConventionForm({
  epci,
  convention,
  onClose,
  onSaved,
}: {
  epci: EpciDetail;
  convention?: Convention;
  onClose: () => void;
  onSaved: () => void;
}) {
  const vintages = useApi('millesime.list', {});
  const conventionForm = useContractForm({
    initialValues: convention
      ? {
          reference: convention.reference,
          signedOn: convention.signedOn ?? '',
          start: convention.start,
          end: convention.end ?? '',
          rate: frenchDecimal(convention.rate),
          basis: convention.basis,
          millesime: String(convention.millesime),
          perimeter: convention.perimeter,
          prorata: convention.prorata,
          floor: frenchDecimal(convention.floor),
          cap: frenchDecimal(convention.cap),
          bands: draftBands(convention.bands) as DraftBand[],
        }
      : {
          reference: '',
          signedOn: '',
          start: firstDayOfNextMonth(),
          end: '',
          rate: '',
          basis: 'municipale' as PopulationBasis,
          millesime: String(epci.millesime),
          perimeter: 'epci' as Perimeter,
          prorata: 'days' as Prorata,
          floor: '',
          cap: '',
          bands: [] as DraftBand[],
        },
    schema: convention ? contract['convention.update'].input : contract['convention.add'].input,
    toInput: (terms) => ({
      ...(convention ? { id: convention.id } : { epci: epci.siren }),
      reference: terms.reference,
      signedOn: terms.signedOn || null,
      start: terms.start,
      end: terms.end || null,
      rate: terms.rate,
      basis: terms.basis,
      millesime: Number(terms.millesime),
      perimeter: terms.perimeter,
      prorata: terms.prorata,
      floor: terms.floor || null,
      cap: terms.cap || null,
      bands: bandsInput(terms.bands, terms.rate) ?? null,
    }),
    send: (input) =>
      'id' in input
        ? api.call('convention.update', input)
        : api.call('convention.add', { ...input, epci: epci.siren }),
    onSaved,
    // The service's refusal of a period that overlaps another convention concerns the start date.
    fieldOfError: { CONVENTION_OVERLAP: 'start' },
  });
  const { form } = conventionForm;
  const { basis, millesime, perimeter, prorata } = form.values;
  const terms = form.values;
  /** A select always holding one of its options: Mantine's props, without deselection. */
  const choice = (field: 'basis' | 'millesime' | 'perimeter' | 'prorata') => {
    const props = form.getInputProps(field);
    return {
      ...props,
      onChange: (value: string | null) => value && props.onChange(value),
      allowDeselect: false,
    };
  };

  const vintage = vintages.data?.find((v) => String(v.millesime) === millesime);
  const basisMissing = vintage !== undefined && !vintage.bases.some((b) => b.basis === basis);
  const rate = parseRate(terms.rate);
  // The grid in words once every band has its threshold and rate (the schema's checks come on leaving).
  const typedBands = bandsInput(terms.bands, rate === null ? '' : formatRate(rate));
  const bandsText = typedBands?.every(
    (band) => (band.upTo === null || Number.isInteger(band.upTo)) && parseRate(band.rate) !== null,
  )
    ? describeBandsFr(
        typedBands.map((band) => ({ ...band, rate: formatRate(parseRate(band.rate) as number) })),
      )
    : null;

  return (
    <FormModal
      title={`${convention ? 'Modifier la convention' : 'Nouvelle convention'} — ${epci.name}`}
      size="xl"
      submitLabel="Enregistrer la convention"
      contract={conventionForm}
      errorTitle="Convention non enregistrée"
      onClose={onClose}
    >
      <SimpleGrid cols={4}>
        <TextInput
          label="Référence"
          placeholder="Ex. : CONV-2026-03"
          data-autofocus
          {...form.getInputProps('reference')}
        />
        <DateField label="Signée le" {...form.getInputProps('signedOn')} />
        <DateField label="Début" required {...form.getInputProps('start')} />
        <DateField label="Fin" placeholder="sans date de fin" {...form.getInputProps('end')} />
      </SimpleGrid>
      <SimpleGrid cols={3}>
        <TextInput
          label="Taux (€ par habitant)"
          placeholder="0,30"
          required
          {...form.getInputProps('rate')}
        />
        <Select
          label="Base de population"
          data={options(populationBases, populationBasisLabels)}
          {...choice('basis')}
        />
        <Select
          label="Millésime"
          data={(vintages.data ?? []).map((v) => ({
            value: String(v.millesime),
            label: `${v.millesime} (en vigueur en ${v.inForceYear})`,
          }))}
          {...choice('millesime')}
        />
      </SimpleGrid>
      <SimpleGrid cols={4}>
        <Select
          label="Périmètre"
          data={options(perimeters, perimeterLabels)}
          {...choice('perimeter')}
          style={{ gridColumn: 'span 2' }}
        />
        <Select
          label="Prorata la première année"
          data={options(proratas, prorataLabels)}
          {...choice('prorata')}
          style={{ gridColumn: 'span 2' }}
        />
        <TextInput label="Plancher (€)" placeholder="facultatif" {...form.getInputProps('floor')} />
        <TextInput label="Plafond (€)" placeholder="facultatif" {...form.getInputProps('cap')} />
      </SimpleGrid>
      <BandsEditor
        form={form}
        path="bands"
        bands={terms.bands}
        rate={terms.rate}
        subject="convention"
        note="Une grille dégressive : chaque tranche d’habitants paie son taux, la première au taux de la convention. Sans tranches, un seul taux pour tous."
      />
      {basisMissing && (
        <Alert color="orange" py="xs">
          Le millésime {millesime} n’a pas de population {populationBasisLabels[basis]} : importez-la dans
          Réglages, sinon la population de la convention restera inconnue.
        </Alert>
      )}
      <Text size="sm" c="dimmed" aria-live="polite">
        {rate === null
          ? 'Indiquez le taux par habitant.'
          : `${terms.bands.length > 0 ? (bandsText ? `Tranches : ${bandsText} par habitant` : 'Tranches à compléter') : `${formatEurosFr(formatRate(rate))} par habitant`}, population ${populationBasisLabels[basis]} ${millesime} de ${perimeterLabels[perimeter]}, à partir du ${isRealDate(terms.start) ? formatDateFr(terms.start) : '…'}${isRealDate(terms.end) ? ` jusqu’au ${formatDateFr(terms.end)}` : ', sans date de fin'} ; première année ${prorataLabels[prorata]}.`}
      </Text>
      <ErrorAlert error={vintages.error} title="Millésimes indisponibles" />
    </FormModal>
  );
}
