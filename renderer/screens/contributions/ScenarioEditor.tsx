import { Alert, Button, Group, List, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { Output } from '../../../shared/contract.ts';
import { scenarioSchema } from '../../../shared/domain/contributions/index.ts';
import {
  perimeterLabels,
  perimeters,
  populationBasisLabels,
  prorataLabels,
  proratas,
} from '../../../shared/domain/convention.ts';
import { populationBases } from '../../../shared/domain/epci.ts';
import { useSchemaForm } from '../../components/contractForm.tsx';
import { DateField } from '../../components/DateField.tsx';
import { BandsEditor } from './BandsEditor.tsx';
import { EpciField } from './EpciField.tsx';
import { candidate, type DraftScenario, emptyConvention, pendingIssues } from './scenarios.ts';

/** Short enough for a narrow select; the full wording is its tooltip. */
const shortPerimeter: Record<(typeof perimeters)[number], string> = {
  epci: 'EPCI entier',
  departement: 'département seulement',
};

const options = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((value) => ({ value, label: labels[value] }));

/**
 * One scenario's name, year and conventions, checked by the shared scenario schema: a field shows its
 * error once it has been changed and left (or on « Signaler sur les champs »), and loses it as soon as it
 * changes; the summary says what is left to fill in before the scenario can be compared.
 */
export function ScenarioEditor({
  draft,
  epcis,
  vintages,
  defaultMillesime,
  onChange,
}: {
  draft: DraftScenario;
  epcis: Output<'epci.list'>;
  vintages: Output<'millesime.list'>;
  defaultMillesime: string;
  onChange: (draft: DraftScenario) => void;
}) {
  const form = useSchemaForm({
    initialValues: draft,
    schema: scenarioSchema,
    toInput: candidate,
    onValuesChange: onChange,
  });
  const values = form.values;
  /** A select always holding one of its options. */
  const choice = (path: string) => {
    const props = form.getInputProps(path);
    return {
      ...props,
      onChange: (value: string | null) => value && props.onChange(value),
      allowDeselect: false,
    };
  };
  const millesimeOptions = vintages.map((v) => ({ value: String(v.millesime), label: String(v.millesime) }));
  const year = Number(values.year) || new Date().getFullYear() + 1;
  const pending = pendingIssues(values, (path) => Boolean(form.errors[path]));

  return (
    <Stack gap="sm">
      <Group align="flex-start">
        <TextInput label="Nom du scénario" required w={360} {...form.getInputProps('name')} />
        <TextInput label="Année du scénario" inputMode="numeric" w={140} {...form.getInputProps('year')} />
      </Group>
      {values.conventions.length === 0 && (
        <Text size="sm" c="dimmed">
          Aucune convention : ajoutez-en une par EPCI dont vous voulez changer les conditions. Les autres EPCI
          gardent leurs conventions enregistrées.
        </Text>
      )}
      {values.conventions.map((c, index) => {
        const path = `conventions.${index}`;
        return (
          <Paper key={c.key} withBorder p="sm" role="group" aria-label={`Convention ${index + 1}`}>
            <Stack gap="xs">
              <Group justify="space-between">
                <Text fw={600} size="sm">
                  Convention {index + 1}
                </Text>
                <Button
                  variant="subtle"
                  color="red"
                  size="compact-sm"
                  onClick={() => form.removeListItem('conventions', index)}
                >
                  Retirer
                </Button>
              </Group>
              <SimpleGrid cols={5} spacing="xs">
                <EpciField
                  label="EPCI"
                  epcis={epcis}
                  {...form.getInputProps(`${path}.epci`)}
                  style={{ gridColumn: 'span 2' }}
                />
                <TextInput label="Taux (€/hab.)" placeholder="0,30" {...form.getInputProps(`${path}.rate`)} />
                <DateField label="Début" {...form.getInputProps(`${path}.start`)} />
                <DateField label="Fin" {...form.getInputProps(`${path}.end`)} />
                <Select
                  label="Base"
                  data={options(populationBases, populationBasisLabels)}
                  {...choice(`${path}.basis`)}
                />
                <Select label="Millésime" data={millesimeOptions} {...choice(`${path}.millesime`)} />
                <Select
                  label="Périmètre"
                  data={perimeters.map((value) => ({ value, label: shortPerimeter[value] }))}
                  title={perimeterLabels[c.perimeter]}
                  {...choice(`${path}.perimeter`)}
                />
                <Select
                  label="Prorata"
                  data={options(proratas, prorataLabels)}
                  {...choice(`${path}.prorata`)}
                />
                <Group grow gap="xs" align="flex-start">
                  <TextInput label="Plancher (€)" placeholder="—" {...form.getInputProps(`${path}.floor`)} />
                  <TextInput label="Plafond (€)" placeholder="—" {...form.getInputProps(`${path}.cap`)} />
                </Group>
              </SimpleGrid>
              <BandsEditor form={form} index={index} />
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button
          variant="light"
          onClick={() => form.insertListItem('conventions', emptyConvention(year, defaultMillesime))}
        >
          Ajouter une convention
        </Button>
      </Group>
      {pending.length === 0 ? (
        <Text size="sm" c="teal.9" aria-live="polite">
          Scénario valide : il peut être comparé et exporté.
        </Text>
      ) : (
        <Alert color="orange" title="À compléter avant de comparer" py="xs" aria-live="polite">
          <List size="sm">
            {pending.map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
          <Button variant="subtle" size="compact-sm" mt={6} onClick={() => form.validate()}>
            Signaler sur les champs
          </Button>
        </Alert>
      )}
    </Stack>
  );
}
