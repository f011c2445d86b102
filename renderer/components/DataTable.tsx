import { Table, Text, UnstyledButton } from '@mantine/core';
import { type KeyboardEvent, type ReactNode, useMemo, useState } from 'react';
import { formatInteger } from '../../shared/format.ts';

export interface Column<Row> {
  key: string;
  label: string;
  /** Numbers are right-aligned, formatted the French way and sorted numerically. */
  value: (row: Row) => string | number;
  render?: (row: Row) => ReactNode;
  /** False for a column of buttons: its header is plain text. */
  sortable?: boolean;
}

interface Props<Row> {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  caption: string;
  initialSort?: { key: string; descending?: boolean };
  onOpen?: (row: Row) => void;
  empty?: string;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/**
 * A dense, sortable, keyboard-friendly table: headers are buttons (Enter sorts, again reverses); the rows
 * are one stop of the Tab key (the last row focused, else the first), ↑/↓, Home/End move between them and
 * Enter opens the focused one — Tab leaves a list of 92 communes in one press, not 92.
 */
export function DataTable<Row>({ columns, rows, rowKey, caption, initialSort, onOpen, empty }: Props<Row>) {
  const [sort, setSort] = useState(initialSort ?? { key: columns[0]?.key ?? '', descending: false });
  const [focusedRow, setFocusedRow] = useState(0);
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sort.key);
    if (!column) return rows;
    const direction = sort.descending ? -1 : 1;
    return [...rows].sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      const order =
        typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
      return order * direction;
    });
  }, [columns, rows, sort]);

  const numeric = (column: Column<Row>) =>
    rows.length > 0 && typeof column.value(rows[0] as Row) === 'number';

  function onRowKey(event: KeyboardEvent<HTMLTableRowElement>, row: Row) {
    const tr = event.currentTarget;
    const rowsOf = () => tr.parentElement?.children;
    if (event.key === 'Enter' && onOpen) onOpen(row);
    else if (event.key === 'ArrowDown') (tr.nextElementSibling as HTMLElement | null)?.focus();
    else if (event.key === 'ArrowUp') (tr.previousElementSibling as HTMLElement | null)?.focus();
    else if (event.key === 'Home') (rowsOf()?.item(0) as HTMLElement | null)?.focus();
    else if (event.key === 'End') (rowsOf()?.item(sorted.length - 1) as HTMLElement | null)?.focus();
    else return;
    event.preventDefault();
  }
  // The row Tab lands on: the last one focused, while the list still holds it.
  const tabStop = Math.min(focusedRow, sorted.length - 1);

  return (
    <Table striped highlightOnHover stickyHeader verticalSpacing={6} fz="sm">
      <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column) => {
            const active = sort.key === column.key;
            return (
              <Table.Th
                key={column.key}
                ta={numeric(column) ? 'right' : 'left'}
                aria-sort={
                  column.sortable === false
                    ? undefined
                    : active
                      ? sort.descending
                        ? 'descending'
                        : 'ascending'
                      : 'none'
                }
              >
                {column.sortable === false ? (
                  column.label
                ) : (
                  <UnstyledButton
                    fw={600}
                    fz="sm"
                    onClick={() =>
                      setSort({ key: column.key, descending: active ? !sort.descending : false })
                    }
                  >
                    {column.label} {active ? (sort.descending ? '▼' : '▲') : ''}
                  </UnstyledButton>
                )}
              </Table.Th>
            );
          })}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sorted.map((row, index) => (
          <Table.Tr
            key={rowKey(row)}
            tabIndex={index === tabStop ? 0 : -1}
            onFocus={() => setFocusedRow(index)}
            style={onOpen ? { cursor: 'pointer' } : undefined}
            onClick={onOpen ? () => onOpen(row) : undefined}
            onKeyDown={(event) => onRowKey(event, row)}
          >
            {columns.map((column) => {
              const value = column.value(row);
              return (
                <Table.Td key={column.key} ta={typeof value === 'number' ? 'right' : 'left'}>
                  {column.render
                    ? column.render(row)
                    : typeof value === 'number'
                      ? formatInteger(value)
                      : value}
                </Table.Td>
              );
            })}
          </Table.Tr>
        ))}
        {sorted.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={columns.length}>
              <Text c="dimmed" size="sm" py="sm">
                {empty ?? 'Aucune ligne.'}
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}
