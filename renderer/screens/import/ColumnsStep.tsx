import { Badge, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { Input } from '../../../shared/contract.ts';
import {
  type Encoding,
  encodingLabels,
  encodings,
  type PatronField,
  patronFieldLabels,
  patronFields,
} from '../../../shared/domain/patron.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { countFr } from '../../format.ts';
import { columnLetter, delimiterLabel, requiredFields, type Summary } from './labels.ts';

type Changes = Omit<Input<'import.configure'>, 'sessionId'>;
type Mapping = NonNullable<Changes['mapping']>;

const none = 'none';

/**
 * Step 2: how the file was read (encoding, delimiter, sheet — each changeable, the sample redrawn from
 * the original bytes) and which column fills each patron field, the suggestion preselected.
 */
export function ColumnsStep({
  summary,
  busy,
  onConfigure,
}: {
  summary: Summary;
  busy: boolean;
  onConfigure: (changes: Changes) => void;
}) {
  const { headers, sample, mapping } = summary;
  const fieldOfColumn = new Map<number, PatronField>();
  for (const [field, index] of Object.entries(mapping) as [PatronField, number][])
    fieldOfColumn.set(index, field);
  const columns = [
    { value: none, label: '— ne pas importer —' },
    ...headers.map((header, index) => ({
      value: String(index),
      label: `${columnLetter(index)} · ${header || '(sans titre)'}`,
    })),
  ];

  function assign(field: PatronField, value: string | null) {
    const next: Mapping = { ...mapping };
    delete next[field];
    if (value && value !== none) {
      const index = Number(value);
      // A column fills one field: taking it here frees it from the field that had it.
      for (const [other, at] of Object.entries(next) as [PatronField, number][]) {
        if (at === index) delete next[other];
      }
      next[field] = index;
    }
    onConfigure({ mapping: next });
  }

  const missing = requiredFields.filter((field) => mapping[field] === undefined);

  return (
    <Stack gap="md">
      <Paper withBorder p="sm">
        <Group gap="xl" align="flex-end">
          <Stack gap={2}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Format
            </Text>
            <Text size="sm">{summary.format === 'xlsx' ? 'Classeur Excel (.xlsx)' : 'Texte CSV'}</Text>
          </Stack>
          {summary.format === 'csv' && (
            <>
              <Select
                label="Encodage"
                description="Accents mal affichés (Ã© ou �) ? Essayez-en un autre."
                data={encodings.map((e) => ({ value: e, label: encodingLabels[e] }))}
                value={summary.encoding}
                onChange={(value) => value && onConfigure({ encoding: value as Encoding })}
                allowDeselect={false}
                disabled={busy}
                w={380}
              />
              <Stack gap={2}>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  Séparateur
                </Text>
                <Text size="sm">{delimiterLabel(summary.delimiter)}</Text>
              </Stack>
            </>
          )}
          {summary.sheets.length > 1 && (
            <Select
              label="Feuille"
              data={summary.sheets}
              value={summary.sheet}
              onChange={(value) => value && onConfigure({ sheet: value })}
              allowDeselect={false}
              disabled={busy}
              w={240}
            />
          )}
          <Stack gap={2}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Lignes
            </Text>
            <Text size="sm">{countFr(summary.counts.rows, 'ligne de lecteur', 'lignes de lecteurs')}</Text>
          </Stack>
        </Group>
      </Paper>

      <section aria-labelledby="mapping-title">
        <Title order={3} size="h5" id="mapping-title" mb={4}>
          Correspondance des colonnes
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          Pour chaque information, la colonne du fichier qui la contient. Les colonnes reconnues sont déjà
          choisies ; vérifiez-les. Une colonne non choisie n’est jamais enregistrée.
        </Text>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" verticalSpacing={6}>
          {patronFields.map((field) => {
            const index = mapping[field];
            const examples =
              index === undefined
                ? []
                : sample
                    .map((row) => row[index] ?? '')
                    .filter(Boolean)
                    .slice(0, 3);
            return (
              <Group key={field} gap="sm" wrap="nowrap" align="flex-start">
                <Select
                  label={patronFieldLabels[field]}
                  withAsterisk={requiredFields.includes(field)}
                  data={columns}
                  value={index === undefined ? none : String(index)}
                  onChange={(value) => assign(field, value)}
                  allowDeselect={false}
                  disabled={busy}
                  w={250}
                  comboboxProps={{ withinPortal: true }}
                />
                <Text size="xs" c="dimmed" mt={26} lineClamp={2} style={{ flex: 1, minWidth: 0 }}>
                  {examples.length > 0
                    ? `ex. : ${examples.join(' · ')}`
                    : index === undefined
                      ? ''
                      : '(vide)'}
                </Text>
              </Group>
            );
          })}
        </SimpleGrid>
        {missing.length > 0 && (
          <Text size="sm" c="red.8" mt="xs" role="alert">
            Choisissez la colonne {missing.map((f) => `« ${patronFieldLabels[f]} »`).join(' et ')} : sans
            elle, aucune ligne ne peut être importée.
          </Text>
        )}
      </section>

      <section aria-labelledby="sample-title">
        <Title order={3} size="h5" id="sample-title" mb={4}>
          Début du fichier, tel qu’il est lu
        </Title>
        <ScrollTable minWidth={600} label="Début du fichier">
          <Table
            withTableBorder
            withColumnBorders
            fz="xs"
            verticalSpacing={4}
            aria-label="Début du fichier"
            style={{ whiteSpace: 'nowrap' }}
          >
            <Table.Thead>
              <Table.Tr>
                {headers.map((header, index) => {
                  const field = fieldOfColumn.get(index);
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions in the file.
                    <Table.Th key={index} style={{ verticalAlign: 'top' }}>
                      <Text size="xs" c="dimmed">
                        {columnLetter(index)}
                      </Text>
                      <Text size="xs" fw={600}>
                        {header || '(sans titre)'}
                      </Text>
                      {field ? (
                        <Badge size="xs" variant="light" tt="none" mt={2} miw="max-content">
                          → {patronFieldLabels[field]}
                        </Badge>
                      ) : (
                        <Text size="xs" c="dimmed" fs="italic">
                          non importée
                        </Text>
                      )}
                    </Table.Th>
                  );
                })}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sample.map((row, r) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the sample's rows are positions in the file.
                <Table.Tr key={r}>
                  {headers.map((_, c) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions in the file.
                    <Table.Td key={c} c={fieldOfColumn.has(c) ? undefined : 'dimmed'}>
                      {row[c] ?? ''}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </section>
    </Stack>
  );
}
