import { Table, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { Patron } from '../../../shared/domain/patron.ts';
import { patronColumns as columns } from './patronColumns.tsx';

/** Every row has this height: the list knows where row n is without measuring anything. */
const rowHeight = 38;
const headerHeight = 36;
/** Rows drawn above and below the visible ones, so a quick scroll does not show blanks. */
const overscan = 8;

const cellStyle = {
  height: rowHeight,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

/** Stands for the rows not drawn, so the scroll bar measures the whole list. */
function Spacer({ height }: { height: number }) {
  if (height <= 0) return null;
  return (
    <tr aria-hidden style={{ height }}>
      <td colSpan={columns.length} style={{ padding: 0, border: 0 }} />
    </tr>
  );
}

/**
 * A windowed table (TanStack Virtual): the scroll container is as tall as all the rows, but only those in
 * view (and a few around) exist in the page, so 200,000 patrons scroll as smoothly as 20. It stays a real
 * <table> — the rows are laid out by the table between two spacers, not positioned — so its roles and
 * aria-rowcount/rowindex still describe the whole list. Rows not fetched yet show as placeholders until
 * their page arrives. Keyboard: the focused row moves with ↑/↓, Page ↑/↓, Début/Fin (scrolling as
 * needed); Entrée opens it.
 */
export function PatronGrid({
  label,
  total: known,
  row,
  ensure,
  onOpen,
  resetKey,
  height,
}: {
  label: string;
  /** null while the first page of a new search is on its way. */
  total: number | null;
  row: (index: number) => Patron | undefined;
  ensure: (first: number, last: number) => void;
  onOpen: (patron: Patron) => void;
  /** A new value (a new search) scrolls back to the top. */
  resetKey: string;
  height: number | string;
}) {
  const total = known ?? 0;
  const scroller = useRef<HTMLDivElement>(null);
  // The row that has (or will get) the keyboard focus; `focusing` asks to focus it once it is drawn.
  const [active, setActive] = useState(0);
  const [focusing, setFocusing] = useState(false);
  const [focused, setFocused] = useState(false);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan,
    // The rows begin below the sticky header, and a row scrolled to must not end up under it.
    paddingStart: headerHeight,
    scrollPaddingStart: headerHeight,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items.at(-1);
  const from = first?.index ?? 0;
  const to = last?.index ?? -1;
  const bodyHeight = Math.max(rowHeight, (virtualizer.scrollRect?.height ?? 0) - headerHeight);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new search resets the position.
  useEffect(() => {
    virtualizer.scrollToOffset(0);
    setActive(0);
  }, [resetKey]);

  useEffect(() => {
    // A new search: its first page tells how many rows there are.
    if (known === null) ensure(0, 0);
    else if (to >= from) ensure(from, to);
  }, [known, from, to, ensure]);

  useEffect(() => {
    if (!focusing) return;
    const element = scroller.current?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    if (element) {
      element.focus({ preventScroll: true });
      setFocusing(false);
    }
  });

  function moveTo(index: number) {
    const next = Math.min(total - 1, Math.max(0, index));
    setActive(next);
    setFocusing(true);
    virtualizer.scrollToIndex(next);
  }

  function onRowKey(event: KeyboardEvent<HTMLTableRowElement>, index: number, patron: Patron | undefined) {
    const step = Math.max(1, Math.floor(bodyHeight / rowHeight) - 1);
    if (event.key === 'Enter' || event.key === ' ') {
      if (patron) onOpen(patron);
    } else if (event.key === 'ArrowDown') moveTo(index + 1);
    else if (event.key === 'ArrowUp') moveTo(index - 1);
    else if (event.key === 'PageDown') moveTo(index + step);
    else if (event.key === 'PageUp') moveTo(index - step);
    else if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(total - 1);
    else return;
    event.preventDefault();
  }

  // The focusable row: the active one if drawn, else the first drawn (Tab always lands in the list).
  const tabStop = active >= from && active <= to ? active : from;

  return (
    <div
      ref={scroller}
      style={{
        height,
        overflowY: 'auto',
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 'var(--mantine-radius-sm)',
      }}
    >
      <Table
        aria-label={label}
        aria-rowcount={total + 1}
        layout="fixed"
        fz="sm"
        verticalSpacing={0}
        highlightOnHover
        style={{ minWidth: 1000 }}
      >
        <colgroup>
          {columns.map((column) => (
            <col key={column.key} style={{ width: column.width }} />
          ))}
        </colgroup>
        <Table.Thead
          style={{ position: 'sticky', top: 0, zIndex: 1, background: 'var(--mantine-color-body)' }}
        >
          <Table.Tr aria-rowindex={1} style={{ height: headerHeight }}>
            {columns.map((column) => (
              <Table.Th key={column.key} style={cellStyle}>
                {column.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Spacer height={(first?.start ?? headerHeight) - headerHeight} />
          {items.map(({ index }) => {
            const patron = row(index);
            const isActive = focused && index === active;
            return (
              <Table.Tr
                key={index}
                data-index={index}
                aria-rowindex={index + 2}
                tabIndex={index === tabStop ? 0 : -1}
                onFocus={() => {
                  setActive(index);
                  setFocused(true);
                }}
                onBlur={(event) => {
                  if (!scroller.current?.contains(event.relatedTarget)) setFocused(false);
                }}
                onClick={() => {
                  setActive(index);
                  if (patron) onOpen(patron);
                }}
                onKeyDown={(event) => onRowKey(event, index, patron)}
                style={{
                  height: rowHeight,
                  cursor: patron ? 'pointer' : 'default',
                  background: isActive
                    ? 'var(--mantine-color-teal-0)'
                    : index % 2 === 1
                      ? 'var(--mantine-color-gray-0)'
                      : undefined,
                }}
              >
                {patron ? (
                  columns.map((column) => (
                    <Table.Td key={column.key} style={cellStyle} title={column.text(patron) || undefined}>
                      {column.render ? column.render(patron) : column.text(patron)}
                    </Table.Td>
                  ))
                ) : (
                  <Table.Td colSpan={columns.length} style={cellStyle}>
                    <Text size="sm" c="dimmed" span>
                      …
                    </Text>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
          <Spacer height={last ? virtualizer.getTotalSize() - last.end : 0} />
        </Table.Tbody>
      </Table>
    </div>
  );
}
