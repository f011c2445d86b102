import { Autocomplete, type AutocompleteProps, type ComboboxItem, type OptionsFilter } from '@mantine/core';
import { useMemo, useState } from 'react';
import { rankEpcis } from '../../../shared/commune-ranking.ts';
import type { Output } from '../../../shared/contract.ts';

type Epci = Output<'epci.list'>[number];

/** "200 067 361" → "200067361"; anything but nine digits (spaces allowed) → null. */
export function typedSiren(text: string): string | null {
  const digits = text.replace(/[\s\u00a0\u202f.]/g, '');
  return /^\d{9}$/.test(digits) ? digits : null;
}

const spacedSiren = (siren: string) => siren.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');

/**
 * An EPCI, picked by its name or typed as its SIREN (9 digits, spaces allowed). The value is the SIREN;
 * what cannot be one stays as typed, for the contract's schema to refuse once the field is left.
 */
export function EpciField({
  epcis,
  value = '',
  onChange,
  ...props
}: Omit<AutocompleteProps, 'value' | 'onChange' | 'data' | 'filter'> & {
  epcis: readonly Epci[];
  value?: string;
  onChange: (siren: string) => void;
}) {
  const named = useMemo(() => new Map(epcis.map((e) => [e.name.toLowerCase(), e])), [epcis]);
  const known = epcis.find((e) => e.siren === value);
  const [text, setText] = useState(known?.name ?? value);
  // By name (accents and case aside: exact, then beginning with it, then containing it) or by the SIREN.
  const filter = useMemo<OptionsFilter>(
    () =>
      ({ options, search }) => {
        const items = new Map((options as ComboboxItem[]).map((item) => [item.value, item]));
        return rankEpcis(epcis, search).flatMap((epci) => items.get(epci.name) ?? []);
      },
    [epcis],
  );

  function change(typed: string) {
    setText(typed);
    const trimmed = typed.trim();
    onChange(named.get(trimmed.toLowerCase())?.siren ?? typedSiren(trimmed) ?? trimmed);
  }

  return (
    <Autocomplete
      placeholder="Nom ou SIREN"
      {...props}
      data={epcis.map((e) => e.name)}
      filter={filter}
      value={text}
      onChange={change}
      description={
        known
          ? // Typed as a SIREN, it is named; picked by name, its SIREN is given.
            `${text.trim() === known.name ? '' : `${known.name} · `}SIREN ${spacedSiren(known.siren)}`
          : typedSiren(value)
            ? `SIREN ${spacedSiren(value)} (hors de la liste des EPCI)`
            : undefined
      }
      inputWrapperOrder={['label', 'input', 'description', 'error']}
    />
  );
}
