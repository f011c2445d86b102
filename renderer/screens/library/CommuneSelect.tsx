import { type ComboboxItem, type OptionsFilter, Select, type SelectProps } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { foundLabel, searchCommunes } from '../../../shared/commune-ranking.ts';
import type { Output } from '../../../shared/contract.ts';

type Commune = Output<'commune.list'>[number];

/** Picks a commune of the département's EPCI, shown as "Commune (EPCI)"; its EPCI follows from it. */
export function CommuneSelect({
  communes,
  value = null,
  onChange,
  ...props
}: {
  communes: Commune[];
  value?: string | null;
  onChange: (insee: string | null) => void;
} & Omit<SelectProps, 'value' | 'onChange' | 'data'>) {
  const data = useMemo(
    () => communes.map((c) => ({ value: c.insee, label: `${c.name} (${c.epciName})` })),
    [communes],
  );
  // Accent-insensitive, on the name, a former name, the INSEE or postal code and the EPCI, the commune of
  // that name first; one found otherwise than by its name says how: « Cœur de Causse (ancienne
  // Labastide-Murat) », « Ussel (code postal 46240) ».
  const filter = useMemo<OptionsFilter>(
    () =>
      ({ options, search, limit }) => {
        const items = new Map((options as ComboboxItem[]).map((item) => [item.value, item]));
        return searchCommunes(communes, search)
          .slice(0, limit)
          .flatMap((found) => {
            const item = items.get(found.commune.insee);
            return item ? { ...item, label: foundLabel(found, search) } : [];
          });
      },
    [communes],
  );
  const chosen = communes.find((c) => c.insee === value);
  // A new search shows its best match first: the list does not stay scrolled where the last pick, or the
  // dropdown opening on it, left it (once the new options are drawn).
  const list = useRef<HTMLDivElement>(null);
  const [search, setSearch] = useState('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new `search` scrolls the list back up.
  useEffect(() => {
    const frame = requestAnimationFrame(() => list.current?.scrollTo({ top: 0 }));
    return () => cancelAnimationFrame(frame);
  }, [search]);
  return (
    <Select
      label="Commune"
      placeholder="Nom, ancien nom, code postal, code INSEE ou EPCI"
      required
      searchable
      data={data}
      filter={filter}
      limit={50}
      scrollAreaProps={{ viewportRef: list }}
      onSearchChange={setSearch}
      value={value}
      onChange={onChange}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      nothingFoundMessage="Aucune commune des EPCI du département ne correspond."
      description={
        chosen
          ? [
              `INSEE ${chosen.insee}`,
              `département ${chosen.departement}`,
              `EPCI : ${chosen.epciName}`,
              chosen.postalCodes.length > 0 &&
                `code${chosen.postalCodes.length > 1 ? 's' : ''} postal${chosen.postalCodes.length > 1 ? 'aux' : ''} ${chosen.postalCodes.join(', ')}`,
            ]
              .filter(Boolean)
              .join(' · ')
          : 'Communes des EPCI du département, y compris celles situées hors du département.'
      }
      {...props}
    />
  );
}
