import { Group, Progress, Text } from '@mantine/core';
import { useEffect } from 'react';
import { formatInteger } from '../../shared/format.ts';
import { useApi } from '../components/useApi.ts';

/** Often enough for a bar to move; the call is a read of a few in-memory entries. */
const refreshMs = 1_000;

/**
 * The header's « travail en cours »: a backup, a restore, a report or a sync the core is doing — asked
 * from this screen or running on its own — with its bar, so nobody wonders whether the app is stuck.
 */
export function WorkIndicator() {
  const work = useApi('work.progress', {});
  const { reload } = work;
  useEffect(() => {
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [reload]);
  if (!work.data?.length) return null;
  return (
    <Group gap="md" wrap="nowrap" role="status" aria-label="Travail en cours">
      {work.data.map((item) => {
        const known = item.total !== null && item.total > 0;
        const percent = known ? Math.round((100 * item.done) / (item.total as number)) : null;
        return (
          <Group key={item.label} gap={6} wrap="nowrap">
            <Text size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
              {item.label}
            </Text>
            <Progress
              value={percent ?? 100}
              striped={!known}
              animated={!known}
              w={80}
              size="sm"
              aria-label={item.label}
            />
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {known ? `${percent} %` : item.done > 0 ? `${formatInteger(item.done)} ${item.unit}` : '…'}
            </Text>
          </Group>
        );
      })}
    </Group>
  );
}
