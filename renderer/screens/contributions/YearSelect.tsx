import { Select } from '@mantine/core';

/** Years staff plan for: two back, five ahead. */
function yearOptions(): { value: string; label: string }[] {
  const now = new Date().getFullYear();
  return Array.from({ length: 8 }, (_, i) => String(now - 2 + i)).map((y) => ({ value: y, label: y }));
}

/** The year a contributions screen shows (Participations, Scénarios, Rapports). */
export function YearSelect({
  label = 'Année',
  value,
  onChange,
}: {
  label?: string;
  value: string;
  onChange: (year: string) => void;
}) {
  return (
    <Select
      label={label}
      data={yearOptions()}
      value={value}
      onChange={(next) => next && onChange(next)}
      allowDeselect={false}
      w={130}
    />
  );
}
