import { Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { outcomeLabels } from '../../../shared/domain/patron.ts';
import { formatInteger } from '../../../shared/format.ts';
import { countFr } from '../../format.ts';
import { type Counts, type FileOutcome, outcomeColors } from './labels.ts';

const order: FileOutcome[] = ['created', 'updated', 'unchanged', 'rejected', 'excluded'];

/** The file's rows by outcome, as one bar and its legend: how much of the file goes in at a glance. */
export function RowsBar({ counts }: { counts: Counts }) {
  const total = Math.max(1, counts.rows);
  const parts = order.filter((outcome) => counts[outcome] > 0);
  return (
    <Stack gap={4}>
      <Progress.Root size={14} aria-hidden>
        {parts.map((outcome) => (
          <Tooltip key={outcome} label={`${outcomeLabels[outcome]} : ${formatInteger(counts[outcome])}`}>
            <Progress.Section value={(100 * counts[outcome]) / total} color={outcomeColors[outcome]} />
          </Tooltip>
        ))}
      </Progress.Root>
      <Group gap="md">
        {parts.map((outcome) => (
          <Group key={outcome} gap={6} wrap="nowrap">
            <span
              style={{
                display: 'inline-block',
                width: 10,
                height: 10,
                borderRadius: 2,
                background: `var(--mantine-color-${outcomeColors[outcome]}-filled)`,
              }}
            />
            <Text size="xs">
              {outcomeLabels[outcome]} {formatInteger(counts[outcome])}
            </Text>
          </Group>
        ))}
        <Text size="xs" c="dimmed">
          sur {countFr(counts.rows, 'ligne', 'lignes')}
        </Text>
      </Group>
    </Stack>
  );
}
