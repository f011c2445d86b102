import { Text } from '@mantine/core';

/** A figure the data does not allow: the dash of the tables, and why in a few plain words. */
export function Missing({ why }: { why: string }) {
  return (
    <span>
      —{' '}
      <Text span size="xs" c="dimmed">
        ({why})
      </Text>
    </span>
  );
}
