import { type ComboboxItem, type OptionsFilter, Select } from '@mantine/core';
import { useMemo } from 'react';
import type { Output } from '../../../shared/contract.ts';
import { matchesSearch } from '../../../shared/text.ts';

type Commune = Output<'commune.list'>[number];

/** Accent-insensitive, on the name, the EPCI and the INSEE code: "aspri", "12012" and "figeac" all work. */
const filter: OptionsFilter = ({ options, search }) =>
  options.filter((option) => {
    const item = option as ComboboxItem;
    return matchesSearch(`${item.label} ${item.value}`, search);
  });

/** Picks a commune of the département's EPCI, shown as "Commune (EPCI)"; its EPCI follows from it. */
export function CommuneSelect({
  communes,
  value,
  onChange,
}: {
  communes: Commune[];
  value: string | null;
  onChange: (insee: string | null) => void;
}) {
  const data = useMemo(
    () => communes.map((c) => ({ value: c.insee, label: `${c.name} (${c.epciName})` })),
    [communes],
  );
  const chosen = communes.find((c) => c.insee === value);
  return (
    <Select
      label="Commune"
      placeholder="Tapez le nom, l’EPCI ou le code INSEE"
      required
      searchable
      data={data}
      filter={filter}
      limit={50}
      value={value}
      onChange={onChange}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      nothingFoundMessage="Aucune commune des EPCI du département ne correspond."
      description={
        chosen
          ? `INSEE ${chosen.insee} · département ${chosen.departement} · EPCI : ${chosen.epciName}`
          : 'Communes des EPCI du département, y compris celles situées hors du département.'
      }
    />
  );
}
