import { Badge, Group, Table, Text } from '@mantine/core';
import { useElementSize, useMergedRef } from '@mantine/hooks';
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import type { Patron } from '../../../shared/domain/patron.ts';

/** Every row has this height: the list knows where row n is without measuring anything. */
export const rowHeight = 38;
const headerHeight = 36;
/** Rows drawn above and below the visible ones, so a quick scroll does not show blanks. */
const overscan = 8;

interface GridColumn {
  key: string;
  label: string;
  width: string;
  /** The cell as text, also its tooltip when the column is too narrow for it. */
  text: (patron: Patron) => string;
  render?: (patron: Patron) => ReactNode;
}

export function birthLabel(patron: Pick<Patron, 'birthDate' | 'birthYear'>): string {
  if (patron.birthDate) return formatDateFr(patron.birthDate);
  return patron.birthYear ? String(patron.birthYear) : '—';
}

export function PatronBadges({ patron }: { patron: Patron }) {
  return (
    <Group gap={4} wrap="nowrap">
      {patron.registered ? (
        <Text size="sm" c="dimmed" span>
          inscrit
        </Text>
      ) : (
        <Badge size="sm" variant="light" color="gray" tt="none">
          Plus inscrit
        </Badge>
      )}
      {patron.duplicateStatus === 'possible' && (
        <Badge size="sm" variant="light" color="grape" tt="none" title="Doublon possible à examiner">
          Doublon ?
        </Badge>
      )}
      {patron.duplicateStatus === 'confirmed' && (
        <Badge size="sm" variant="outline" color="grape" tt="none" title="Même personne qu’un autre lecteur">
          Doublon
        </Badge>
      )}
    </Group>
  );
}

/** Fixed widths but one: the e-mail column takes what is left. The commune is on the patron's card. */
const columns: GridColumn[] = [
  {
    key: 'name',
    label: 'Nom',
    width: '190px',
    text: (p) => `${p.lastName} ${p.firstName ?? ''}`,
    render: (p) =>
      // A reader account of the central service receives patrons without their names (PROTOCOL.md).
      p.lastName === '' ? (
        <Text
          span
          size="sm"
          c="dimmed"
          title="Nom masqué : votre compte du serveur central ne reçoit pas les noms"
        >
          masqué
        </Text>
      ) : (
        <>
          <b>{p.lastName}</b> {p.firstName ?? ''}
        </>
      ),
  },
  { key: 'card', label: 'N° de carte', width: '120px', text: (p) => p.cardNumber },
  { key: 'library', label: 'Bibliothèque', width: '165px', text: (p) => p.libraryName },
  { key: 'birth', label: 'Naissance', width: '112px', text: birthLabel },
  { key: 'email', label: 'Courriel', width: 'auto', text: (p) => p.email ?? '—' },
  {
    key: 'expires',
    label: 'Expire le',
    width: '112px',
    text: (p) => (p.expiresOn ? formatDateFr(p.expiresOn) : '—'),
  },
  { key: 'state', label: 'État', width: '150px', text: () => '', render: (p) => <PatronBadges patron={p} /> },
];

const cellStyle = {
  height: rowHeight,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

/**
 * A windowed table: the scroll container is as tall as all the rows, but only those in view (and a few
 * around) exist in the page — two spacer rows stand for the others — so 200,000 patrons scroll as
 * smoothly as 20. Rows not fetched yet show as placeholders until their page arrives. Keyboard: the
 * focused row moves with ↑/↓, Page ↑/↓, Début/Fin (scrolling as needed); Entrée opens it.
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
  const size = useElementSize();
  const ref = useMergedRef(scroller, size.ref);
  const [scrollTop, setScrollTop] = useState(0);
  // The row that has (or will get) the keyboard focus; `focusing` asks to focus it once it is drawn.
  const [active, setActive] = useState(0);
  const [focusing, setFocusing] = useState(false);
  const [focused, setFocused] = useState(false);
  const bodyHeight = Math.max(rowHeight, size.height - headerHeight);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new search resets the position.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
    setActive(0);
  }, [resetKey]);

  const firstVisible = Math.floor(scrollTop / rowHeight);
  const from = Math.max(0, firstVisible - overscan);
  const to = Math.min(total - 1, firstVisible + Math.ceil(bodyHeight / rowHeight) + overscan);

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
    const element = scroller.current;
    const next = Math.min(total - 1, Math.max(0, index));
    setActive(next);
    setFocusing(true);
    if (!element) return;
    const top = next * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + bodyHeight)
      element.scrollTop = top + rowHeight - bodyHeight;
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

  const indexes: number[] = [];
  for (let i = from; i <= to; i += 1) indexes.push(i);
  // The focusable row: the active one if drawn, else the first drawn (Tab always lands in the list).
  const tabStop = active >= from && active <= to ? active : from;

  return (
    <div
      ref={ref}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
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
          {from > 0 && (
            <tr aria-hidden style={{ height: from * rowHeight }}>
              <td colSpan={columns.length} style={{ padding: 0, border: 0 }} />
            </tr>
          )}
          {indexes.map((index) => {
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
          {to < total - 1 && (
            <tr aria-hidden style={{ height: (total - 1 - to) * rowHeight }}>
              <td colSpan={columns.length} style={{ padding: 0, border: 0 }} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
    </div>
  );
}
