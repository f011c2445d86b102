import { type MantineColor, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One headline figure: a label above, the value large; the label names the box for assistive tech. */
export function Stat({
  label,
  value,
  hint,
  color,
  children,
}: {
  label: string;
  value: string;
  hint?: string;
  /** A value to notice (e.g. red when the figure goes the wrong way). */
  color?: MantineColor;
  children?: ReactNode;
}) {
  return (
    <Paper withBorder p="sm" component="section" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
      {children}
    </Paper>
  );
}
