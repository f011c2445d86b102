import { Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import type { ErrorPayload } from '../../../shared/errors.ts';
import { searchKey } from '../../../shared/text.ts';
import { api } from '../../api.ts';
import { toDisplayError } from '../../components/displayError.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAction } from '../../components/useAction.ts';
import type { Counts, PreviewRow } from './labels.ts';
import { duplicateText, otherHeading } from './resemblance.ts';

type Person = NonNullable<PreviewRow['duplicate']>['other'];

const birth = (p: Person) =>
  p.birthDate ? formatDateFr(p.birthDate) : p.birthYear ? String(p.birthYear) : '—';

const lines: { label: string; value: (p: Person) => string }[] = [
  { label: 'N° de carte', value: (p) => p.cardNumber ?? '—' },
  { label: 'Nom', value: (p) => p.lastName ?? '—' },
  { label: 'Prénom', value: (p) => p.firstName ?? '—' },
  { label: 'Naissance', value: birth },
  { label: 'Courriel', value: (p) => p.email ?? '—' },
];

/**
 * The possible duplicates of the preview one at a time: the file's row beside the person it resembles,
 * identical values marked (accents and capitals aside). « Exclure cette ligne » leaves the row out of the
 * import; « Suivant » goes to the next one. A row kept is imported and flagged, to review in « Lecteurs ».
 */
export function DuplicateReview({
  sessionId,
  start,
  onClose,
  onCounts,
}: {
  sessionId: string;
  /** Position of the first row to show among the possible duplicates. */
  start: number;
  onClose: () => void;
  onCounts: (counts: Counts) => void;
}) {
  const [index, setIndex] = useState(start);
  const [version, setVersion] = useState(0);
  const [shown, setShown] = useState<{ row: PreviewRow | null; total: number } | null>(null);
  const [loadError, setLoadError] = useState<ErrorPayload | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const action = useAction();

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` reloads the position after an exclusion.
  useEffect(() => {
    let current = true;
    setLoadError(null);
    api
      .call('import.preview', { sessionId, outcome: 'duplicate', offset: index, limit: 1 })
      .then((answer) => {
        if (!current) return;
        // After an exclusion at the end of the list, the last one left.
        if (answer.rows.length === 0 && answer.total > 0 && index >= answer.total) {
          setIndex(answer.total - 1);
          return;
        }
        setShown({ row: answer.rows[0] ?? null, total: answer.total });
        onCounts(answer.counts);
      })
      .catch((error: unknown) => current && setLoadError(toDisplayError(error)));
    return () => {
      current = false;
    };
  }, [sessionId, index, version]);

  async function exclude(line: number) {
    const answer = await action.run(() =>
      api.call('import.exclude', { sessionId, lines: [line], excluded: true }),
    );
    if (!answer) return;
    onCounts(answer.counts);
    // The row leaves the possible duplicates: the next one takes its place.
    setNotice(`Ligne ${line} exclue : elle ne sera pas importée (onglet « Exclus »).`);
    setVersion((v) => v + 1);
  }

  const row = shown?.row ?? null;
  const duplicate = row?.duplicate ?? null;
  const total = shown?.total ?? 0;
  const mine: Person | null = row && {
    cardNumber: row.values.cardNumber,
    lastName: row.values.lastName,
    firstName: row.values.firstName,
    birthDate: row.values.birthDate,
    birthYear: row.values.birthYear,
    email: row.values.email,
  };

  return (
    <Modal opened onClose={onClose} title="Doublons possibles du fichier" size="xl" centered>
      <Stack gap="sm">
        <ErrorAlert error={loadError ?? action.error} />
        {shown && total === 0 && <Text size="sm">Plus aucun doublon possible dans ce fichier.</Text>}
        {row && duplicate && mine && (
          <>
            <Text size="sm" c="dimmed" aria-live="polite">
              Doublon {index + 1} sur {total} — ligne {row.line}
            </Text>
            <Text size="sm" c="grape.8">
              {duplicateText(duplicate)}
            </Text>
            <Table
              withTableBorder
              withColumnBorders
              fz="sm"
              verticalSpacing={4}
              aria-label="Comparaison des deux fiches"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={130} />
                  <Table.Th>Ligne {row.line} du fichier</Table.Th>
                  <Table.Th>{otherHeading(duplicate)}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((line) => {
                  const left = line.value(mine);
                  const right = line.value(duplicate.other);
                  const same = left !== '—' && searchKey(left) === searchKey(right);
                  const style = same ? { c: 'grape.8', fw: 600 } : {};
                  return (
                    <Table.Tr key={line.label}>
                      <Table.Th fw={500}>{line.label}</Table.Th>
                      <Table.Td {...style}>{left}</Table.Td>
                      <Table.Td {...style}>{right}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed">
              En violet : les valeurs identiques (sans tenir compte des accents ni des majuscules). Une ligne
              gardée est importée et signalée, à examiner ensuite dans « Lecteurs ».
            </Text>
          </>
        )}
        {notice && (
          <Text size="sm" c="teal.9" role="status">
            {notice}
          </Text>
        )}
        <Group justify="flex-end">
          {row && (
            <Button variant="default" onClick={() => void exclude(row.line)} loading={action.busy}>
              Exclure cette ligne
            </Button>
          )}
          <Button
            color="grape"
            onClick={() => {
              setNotice(null);
              setIndex((i) => i + 1);
            }}
            disabled={index + 1 >= total || action.busy}
          >
            Suivant
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
