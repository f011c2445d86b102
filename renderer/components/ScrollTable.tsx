import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A table that may be wider than its place, scrolled sideways. Its scrolling box takes the keyboard focus,
 * so that the arrow keys scroll it without a mouse (WCAG 2.1.1; axe's « scrollable-region-focusable »), and
 * is a region named after the table, so that a screen reader says what the focus entered.
 */
export function ScrollTable({
  label,
  minWidth,
  children,
}: {
  label: string;
  minWidth: number;
  children: ReactNode;
}) {
  return (
    <Table.ScrollContainer
      minWidth={minWidth}
      scrollAreaProps={{ viewportProps: { tabIndex: 0, role: 'region', 'aria-label': label } }}
    >
      {children}
    </Table.ScrollContainer>
  );
}
