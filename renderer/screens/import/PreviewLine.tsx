import { Badge, Button, Checkbox, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import { type PatronField, patronFieldLabels } from '../../../shared/domain/patron.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import {
  changeTexts,
  outcomeColors,
  outcomeSingular,
  type PreviewFilter,
  type PreviewRow,
} from './labels.ts';
import { duplicateText } from './resemblance.ts';

/** Stored patrons a full import would mark as no longer registered: not lines of the file, nothing to fix. */
export function UnregisteredTable({ rows }: { rows: PreviewRow[] }) {
  return (
    <ScrollTable minWidth={720} label="Lecteurs qui ne seront plus inscrits">
      <Table striped verticalSpacing={6} fz="sm" aria-label="Lecteurs qui ne seront plus inscrits">
        <Table.Thead style={{ whiteSpace: 'nowrap' }}>
          <Table.Tr>
            <Table.Th>N° de carte</Table.Th>
            <Table.Th>Nom, prénom</Table.Th>
            <Table.Th>Courriel</Table.Th>
            <Table.Th>Fin d’abonnement</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ values: v }) => (
            <Table.Tr key={v.cardNumber}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{v.cardNumber}</Table.Td>
              <Table.Td>{[v.lastName, v.firstName].filter(Boolean).join(' ')}</Table.Td>
              <Table.Td>{v.email ? breakable(v.email) : '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {v.expiresOn ? formatDateFr(v.expiresOn) : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** An e-mail address that may wrap after its @ rather than overflow a narrow column. */
function breakable(value: string): ReactNode {
  const at = value.indexOf('@');
  if (at < 0) return value;
  return (
    <>
      {value.slice(0, at + 1)}
      <wbr />
      {value.slice(at + 1)}
    </>
  );
}

/** A value as it will be stored; a cell that was refused is shown as read, in red. */
function Shown({ value, raw }: { value: string | null; raw: string | undefined }) {
  if (value) return <>{breakable(value)}</>;
  if (raw)
    return (
      <Text span size="sm" c="red.8" title="Valeur refusée">
        {breakable(raw)}
      </Text>
    );
  return (
    <Text span size="sm" c="dimmed">
      —
    </Text>
  );
}

export function PreviewLine({
  row,
  filter,
  checked,
  onCheck,
  busy,
  onFix,
  onExclude,
  onCompare,
}: {
  row: PreviewRow;
  filter: PreviewFilter;
  checked: boolean;
  onCheck: (checked: boolean) => void;
  busy: boolean;
  onFix: (line: number, field: PatronField, value: string) => void;
  onExclude: (excluded: boolean) => void;
  /** Opens the side-by-side review at this row (the duplicates' tab). */
  onCompare?: () => void;
}) {
  const v = row.values;
  const name = [v.lastName, v.firstName].filter(Boolean).join(' ');
  const birth = v.birthDate ? formatDateFr(v.birthDate) : v.birthYear ? String(v.birthYear) : null;
  const commune = [v.postalCode, v.communeName].filter(Boolean).join(' ');
  // Fields a rejection names and the file maps: those cells can be corrected here.
  const fixable = [
    ...new Set(
      row.rejections
        .map((issue) => issue.field)
        .filter((field): field is PatronField => field !== null && row.cells[field] !== undefined),
    ),
  ];
  // In a tab other than the row's own outcome (warnings, duplicates, or just after a fix), say its fate.
  const showOutcome = filter !== row.outcome;
  return (
    <Table.Tr>
      <Table.Td>
        <Checkbox
          aria-label={`Ligne ${row.line}`}
          checked={checked}
          onChange={(event) => onCheck(event.currentTarget.checked)}
        />
      </Table.Td>
      <Table.Td>{row.line}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Shown value={v.cardNumber} raw={row.cells.cardNumber} />
      </Table.Td>
      <Table.Td>
        <Shown value={name || null} raw={row.cells.lastName} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Shown value={birth} raw={row.cells.birthDate ?? row.cells.birthYear} />
      </Table.Td>
      <Table.Td>
        <Shown value={v.email} raw={row.cells.email} />
      </Table.Td>
      <Table.Td>
        <Shown value={commune || null} raw={row.cells.commune ?? row.cells.postalCode} />
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          {showOutcome && (
            <Badge color={outcomeColors[row.outcome]} variant="light" size="sm" tt="none" w="fit-content">
              {outcomeSingular[row.outcome]}
            </Badge>
          )}
          {row.rejections.map((issue) => (
            <Text key={`${issue.code}-${issue.field}`} size="sm" c="red.8">
              {issue.message}
            </Text>
          ))}
          {row.outcome === 'rejected' &&
            fixable.map((field) => (
              <FixCell
                key={`${field}-${row.cells[field]}`}
                line={row.line}
                field={field}
                initial={row.cells[field] ?? ''}
                busy={busy}
                onFix={onFix}
              />
            ))}
          {row.warnings.map((issue) => (
            <Text key={`${issue.code}-${issue.field}`} size="sm" c="orange.9">
              {issue.message}
            </Text>
          ))}
          {/* What the import understood (a former commune's name): said, nothing to correct. */}
          {row.notes.map((note) => (
            <Text key={`${note.code}-${note.field}`} size="sm" c="gray.7">
              {note.message}
            </Text>
          ))}
          {row.changes.length > 0 && (
            <Stack gap={0}>
              <Text size="sm" c="blue.8">
                Modifié :
              </Text>
              {changeTexts(row.changes).map((change) => (
                <Text key={change} size="sm" c="blue.8">
                  {change}
                </Text>
              ))}
            </Stack>
          )}
          {row.duplicate && (
            <Text size="sm" c="grape.8">
              {duplicateText(row.duplicate)}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        {onCompare && (
          <Button
            size="xs"
            variant="light"
            color="grape"
            mb={4}
            onClick={onCompare}
            aria-label={`Comparer la ligne ${row.line}`}
          >
            Comparer
          </Button>
        )}
        {row.outcome === 'excluded' ? (
          <Button
            size="xs"
            variant="light"
            onClick={() => onExclude(false)}
            disabled={busy}
            aria-label={`Réintégrer la ligne ${row.line}`}
          >
            Réintégrer
          </Button>
        ) : (
          <Button
            size="xs"
            variant="subtle"
            color="dark"
            onClick={() => onExclude(true)}
            disabled={busy}
            aria-label={`Exclure la ligne ${row.line}`}
          >
            Exclure
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** Corrects one cell of a rejected row: Enter or the button sends it, and the row is checked again. */
function FixCell({
  line,
  field,
  initial,
  busy,
  onFix,
}: {
  line: number;
  field: PatronField;
  initial: string;
  busy: boolean;
  onFix: (line: number, field: PatronField, value: string) => void;
}) {
  const [value, setValue] = useState(initial);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onFix(line, field, value);
      }}
    >
      <Group gap={4} wrap="nowrap">
        <TextInput
          size="xs"
          aria-label={`${patronFieldLabels[field]}, ligne ${line}`}
          value={value}
          onChange={(event) => setValue(event.currentTarget.value)}
          w={150}
          error={value === initial}
        />
        <Button size="xs" type="submit" variant="light" disabled={busy || value === initial}>
          Corriger
        </Button>
      </Group>
    </form>
  );
}
