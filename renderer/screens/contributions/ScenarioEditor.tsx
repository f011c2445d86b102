import { Alert, Button, Group, List, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { Output } from '../../../shared/contract.ts';
import {
  type Perimeter,
  type Prorata,
  perimeterLabels,
  perimeters,
  populationBasisLabels,
  prorataLabels,
  proratas,
} from '../../../shared/domain/convention.ts';
import { type PopulationBasis, populationBases } from '../../../shared/domain/epci.ts';
import { BandsEditor } from './BandsEditor.tsx';
import { type Checked, type DraftConvention, type DraftScenario, emptyConvention } from './scenarios.ts';

/** Short enough for a narrow select; the full wording is its tooltip. */
const shortPerimeter: Record<Perimeter, string> = {
  epci: 'EPCI entier',
  departement: 'département seulement',
};

const options = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((value) => ({ value, label: labels[value] }));

/** One scenario's name, year and conventions, checked as typed by the shared scenario schema. */
export function ScenarioEditor({
  draft,
  checked,
  epcis,
  vintages,
  defaultMillesime,
  onChange,
}: {
  draft: DraftScenario;
  checked: Checked;
  epcis: Output<'epci.list'>;
  vintages: Output<'millesime.list'>;
  defaultMillesime: string;
  onChange: (draft: DraftScenario) => void;
}) {
  const setConvention = (key: string, patch: Partial<DraftConvention>) =>
    onChange({
      ...draft,
      conventions: draft.conventions.map((c) => (c.key === key ? { ...c, ...patch } : c)),
    });
  const epciOptions = epcis.map((e) => ({ value: e.siren, label: e.name }));
  const millesimeOptions = vintages.map((v) => ({ value: String(v.millesime), label: String(v.millesime) }));
  const year = Number(draft.year) || new Date().getFullYear() + 1;

  return (
    <Stack gap="sm">
      <Group align="flex-end">
        <TextInput
          label="Nom du scénario"
          required
          value={draft.name}
          onChange={(event) => onChange({ ...draft, name: event.currentTarget.value })}
          w={360}
        />
        <TextInput
          label="Année du scénario"
          inputMode="numeric"
          value={draft.year}
          onChange={(event) => onChange({ ...draft, year: event.currentTarget.value })}
          w={140}
        />
      </Group>
      {draft.conventions.length === 0 && (
        <Text size="sm" c="dimmed">
          Aucune convention : ajoutez-en une par EPCI dont vous voulez changer les conditions. Les autres EPCI
          gardent leurs conventions enregistrées.
        </Text>
      )}
      {draft.conventions.map((c, index) => {
        const set =
          (field: 'rate' | 'start' | 'end' | 'floor' | 'cap') =>
          (event: { currentTarget: { value: string } }) =>
            setConvention(c.key, { [field]: event.currentTarget.value });
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
                  onClick={() =>
                    onChange({ ...draft, conventions: draft.conventions.filter((o) => o.key !== c.key) })
                  }
                >
                  Retirer
                </Button>
              </Group>
              <SimpleGrid cols={5} spacing="xs">
                <Select
                  label="EPCI"
                  placeholder="Choisir un EPCI"
                  data={epciOptions}
                  value={c.epci || null}
                  onChange={(value) => setConvention(c.key, { epci: value ?? '' })}
                  searchable
                  style={{ gridColumn: 'span 2' }}
                />
                <TextInput label="Taux (€/hab.)" placeholder="0,30" value={c.rate} onChange={set('rate')} />
                <TextInput type="date" label="Début" value={c.start} onChange={set('start')} />
                <TextInput type="date" label="Fin" value={c.end} onChange={set('end')} />
                <Select
                  label="Base"
                  data={options(populationBases, populationBasisLabels)}
                  value={c.basis}
                  onChange={(value) => value && setConvention(c.key, { basis: value as PopulationBasis })}
                  allowDeselect={false}
                />
                <Select
                  label="Millésime"
                  data={millesimeOptions}
                  value={c.millesime || null}
                  onChange={(value) => value && setConvention(c.key, { millesime: value })}
                  allowDeselect={false}
                />
                <Select
                  label="Périmètre"
                  data={perimeters.map((value) => ({ value, label: shortPerimeter[value] }))}
                  title={perimeterLabels[c.perimeter]}
                  value={c.perimeter}
                  onChange={(value) => value && setConvention(c.key, { perimeter: value as Perimeter })}
                  allowDeselect={false}
                />
                <Select
                  label="Prorata"
                  data={options(proratas, prorataLabels)}
                  value={c.prorata}
                  onChange={(value) => value && setConvention(c.key, { prorata: value as Prorata })}
                  allowDeselect={false}
                />
                <Group grow gap="xs">
                  <TextInput label="Plancher (€)" placeholder="—" value={c.floor} onChange={set('floor')} />
                  <TextInput label="Plafond (€)" placeholder="—" value={c.cap} onChange={set('cap')} />
                </Group>
              </SimpleGrid>
              <BandsEditor
                convention={c}
                number={index + 1}
                onChange={(bands) => setConvention(c.key, { bands })}
              />
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button
          variant="light"
          onClick={() =>
            onChange({
              ...draft,
              conventions: [...draft.conventions, emptyConvention(year, defaultMillesime)],
            })
          }
        >
          Ajouter une convention
        </Button>
      </Group>
      {checked.ok ? (
        <Text size="sm" c="teal.8" aria-live="polite">
          Scénario valide : il peut être comparé et exporté.
        </Text>
      ) : (
        <Alert color="orange" title="À corriger avant de comparer" py="xs" aria-live="polite">
          <List size="sm">
            {checked.errors.map((error) => (
              <List.Item key={error}>{error}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
