import { Badge, Group, Text } from '@mantine/core';
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
  render: (patron: Patron) => ReactNode;
}

export function birthLabel(patron: Pick<Patron, 'birthDate' | 'birthYear'>): string {
  if (patron.birthDate) return formatDateFr(patron.birthDate);
  return patron.birthYear ? String(patron.birthYear) : '—';
}

export function PatronBadges({ patron }: { patron: Patron }) {
  return (
    <Group gap={4} wrap="nowrap">
      {patron.registered ? (
        <Badge size="sm" variant="light" color="teal" tt="none">
          Inscrit
        </Badge>
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

const columns: GridColumn[] = [
  {
    key: 'name',
    label: 'Nom',
    width: 'minmax(170px, 2fr)',
    render: (p) => (
      <>
        <b>{p.lastName}</b> {p.firstName ?? ''}
      </>
    ),
  },
  { key: 'card', label: 'N° de carte', width: 'minmax(100px, 1fr)', render: (p) => p.cardNumber },
  { key: 'library', label: 'Bibliothèque', width: 'minmax(130px, 1.6fr)', render: (p) => p.libraryName },
  { key: 'birth', label: 'Naissance', width: '92px', render: birthLabel },
  { key: 'email', label: 'Courriel', width: 'minmax(150px, 2fr)', render: (p) => p.email ?? '—' },
  {
    key: 'commune',
    label: 'Commune',
    width: 'minmax(100px, 1.2fr)',
    render: (p) => p.communeName ?? p.postalCode ?? '—',
  },
  {
    key: 'expires',
    label: 'Fin d’abonnement',
    width: '120px',
    render: (p) => (p.expiresOn ? formatDateFr(p.expiresOn) : '—'),
  },
  { key: 'state', label: 'État', width: '160px', render: (p) => <PatronBadges patron={p} /> },
];
const template = columns.map((c) => c.width).join(' ');

const cellStyle = {
  padding: '0 8px',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

/**
 * A windowed list: the scroll container is as tall as all the rows, but only those in view (and a few
 * around) exist in the page, so 200,000 patrons scroll as smoothly as 20. Rows not fetched yet show as
 * placeholders until their page arrives. Keyboard: ↑/↓, Page ↑/↓, Début/Fin move, Entrée opens.
 */
export function PatronGrid({
  label,
  total,
  row,
  ensure,
  onOpen,
  resetKey,
  height,
}: {
  label: string;
  total: number;
  row: (index: number) => Patron | undefined;
  ensure: (first: number, last: number) => void;
  onOpen: (patron: Patron) => void;
  /** A new value (a new search) scrolls back to the top. */
  resetKey: string;
  height: number | string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const size = useElementSize();
  const ref = useMergedRef(scroller, size.ref);
  const [scrollTop, setScrollTop] = useState(0);
  const [active, setActive] = useState<number | null>(null);
  const bodyHeight = Math.max(rowHeight, size.height - headerHeight);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new search resets the position.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
    setActive(null);
  }, [resetKey]);

  const firstVisible = Math.floor(scrollTop / rowHeight);
  const from = Math.max(0, firstVisible - overscan);
  const to = Math.min(total - 1, firstVisible + Math.ceil(bodyHeight / rowHeight) + overscan);

  useEffect(() => {
    if (to >= from) ensure(from, to);
  }, [from, to, ensure]);

  function reveal(index: number) {
    const element = scroller.current;
    if (!element) return;
    const top = index * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + bodyHeight) element.scrollTop = top + rowHeight - bodyHeight;
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (total === 0) return;
    const step = Math.max(1, Math.floor(bodyHeight / rowHeight) - 1);
    const at = active ?? -1;
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = at + 1;
        break;
      case 'ArrowUp':
        next = at - 1;
        break;
      case 'PageDown':
        next = at + step;
        break;
      case 'PageUp':
        next = at - step;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = total - 1;
        break;
      case 'Enter':
      case ' ': {
        const patron = active === null ? undefined : row(active);
        if (patron) {
          event.preventDefault();
          onOpen(patron);
        }
        return;
      }
      default:
        return;
    }
    event.preventDefault();
    next = Math.min(total - 1, Math.max(0, next));
    setActive(next);
    reveal(next);
  }

  const indexes: number[] = [];
  for (let i = from; i <= to; i += 1) indexes.push(i);

  return (
    <div
      ref={ref}
      role="grid"
      aria-label={label}
      aria-rowcount={total + 1}
      aria-activedescendant={active !== null && active >= from && active <= to ? `patron-row-${active}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={() => active === null && total > 0 && setActive(firstVisible)}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      style={{
        height,
        overflow: 'auto',
        position: 'relative',
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 'var(--mantine-radius-sm)',
        outlineOffset: 2,
      }}
    >
      <div
        role="row"
        aria-rowindex={1}
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 1,
          display: 'grid',
          gridTemplateColumns: template,
          alignItems: 'center',
          height: headerHeight,
          minWidth: 'fit-content',
          background: 'var(--mantine-color-body)',
          borderBottom: '1px solid var(--mantine-color-gray-3)',
        }}
      >
        {columns.map((column) => (
          <div key={column.key} role="columnheader" style={cellStyle}>
            <Text size="sm" fw={600} span>
              {column.label}
            </Text>
          </div>
        ))}
      </div>
      <div role="rowgroup" style={{ position: 'relative', height: total * rowHeight }}>
        {indexes.map((index) => {
          const patron = row(index);
          const isActive = index === active;
          return (
            <div
              key={index}
              id={`patron-row-${index}`}
              role="row"
              aria-rowindex={index + 2}
              aria-selected={isActive}
              onClick={() => {
                setActive(index);
                if (patron) onOpen(patron);
              }}
              style={{
                position: 'absolute',
                top: index * rowHeight,
                left: 0,
                right: 0,
                height: rowHeight,
                display: 'grid',
                gridTemplateColumns: template,
                alignItems: 'center',
                fontSize: 'var(--mantine-font-size-sm)',
                cursor: patron ? 'pointer' : 'default',
                borderBottom: '1px solid var(--mantine-color-gray-2)',
                background: isActive
                  ? 'var(--mantine-color-teal-1)'
                  : index % 2 === 1
                    ? 'var(--mantine-color-gray-0)'
                    : undefined,
                boxShadow: isActive ? 'inset 3px 0 0 var(--mantine-color-teal-6)' : undefined,
              }}
            >
              {patron ? (
                columns.map((column) => (
                  <div key={column.key} role="gridcell" style={cellStyle}>
                    {column.render(patron)}
                  </div>
                ))
              ) : (
                <div role="gridcell" style={{ ...cellStyle, gridColumn: '1 / -1', color: 'var(--mantine-color-dimmed)' }}>
                  …
                </div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
