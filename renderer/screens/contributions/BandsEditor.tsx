import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { maxBands } from '../../../shared/domain/contributions/index.ts';
import { type DraftBand, type DraftScenario, newKey, startingBands } from './scenarios.ts';

/**
 * A scenario convention's degressive bands: « jusqu’à N habitants : X € », then « au-delà : Y € ». The
 * first band's rate is the convention's own (one field, so they cannot differ); every field is a labelled
 * input and every action a button, in reading order, so the grid is built from the keyboard alone. A
 * negotiating hypothesis: stored conventions do not take bands (yet).
 */
export function BandsEditor({ form, index }: { form: UseFormReturnType<DraftScenario>; index: number }) {
  const number = index + 1;
  const path = `conventions.${index}`;
  const convention = form.values.conventions[index];
  const bands = convention?.bands ?? [];
  const setBands = (next: DraftBand[]) => {
    // The bands' errors go with them.
    const prefix = `${path}.bands.`;
    form.setErrors(
      Object.fromEntries(Object.entries(form.errors).filter(([key]) => !key.startsWith(prefix))),
    );
    form.setFieldValue(`${path}.bands`, next);
  };
  if (bands.length === 0) {
    return (
      <Group>
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => setBands(startingBands())}
          aria-label={`Ajouter des tranches dégressives à la convention ${number}`}
        >
          Ajouter des tranches dégressives
        </Button>
      </Group>
    );
  }

  // Removing one of two bands leaves a single rate: no bands at all.
  const remove = (position: number) =>
    bands.length <= 2 ? setBands([]) : form.removeListItem(`${path}.bands`, position);
  const addBefore = () =>
    form.insertListItem(`${path}.bands`, { key: newKey(), upTo: '', rate: '' }, bands.length - 1);
  const rate = convention?.rate.trim() ?? '';

  return (
    <Stack gap={6} role="group" aria-label={`Tranches dégressives — convention ${number}`}>
      <Text size="sm" fw={600}>
        Tranches dégressives
      </Text>
      <Text size="xs" c="dimmed">
        Hypothèse de négociation : les tranches servent aux scénarios, à la comparaison et au classeur ; une
        convention enregistrée ne peut pas encore en avoir.
      </Text>
      {bands.map((band, position) => {
        const last = position === bands.length - 1;
        const name = last ? 'Au-delà' : `Tranche ${position + 1}`;
        return (
          <Group key={band.key} gap="xs" align="center" wrap="nowrap">
            {last ? (
              <Text size="sm" w={260}>
                Au-delà :
              </Text>
            ) : (
              <Group gap={6} w={260} wrap="nowrap">
                <Text size="sm">jusqu’à</Text>
                <TextInput
                  size="xs"
                  w={100}
                  inputMode="numeric"
                  aria-label={`${name} : jusqu’à combien d’habitants`}
                  {...form.getInputProps(`${path}.bands.${position}.upTo`)}
                />
                <Text size="sm">habitants :</Text>
              </Group>
            )}
            {position === 0 ? (
              <Text size="sm" aria-label={`${name} : taux`}>
                {rate ? `${rate} €` : '—'}{' '}
                <Text span size="xs" c="dimmed">
                  (taux de la convention)
                </Text>
              </Text>
            ) : (
              <Group gap={4} wrap="nowrap">
                <TextInput
                  size="xs"
                  w={80}
                  placeholder="0,15"
                  aria-label={`${name} : taux (€ par habitant)`}
                  {...form.getInputProps(`${path}.bands.${position}.rate`)}
                />
                <Text size="sm">€</Text>
              </Group>
            )}
            {!last && (
              <Button
                variant="subtle"
                color="red"
                size="compact-xs"
                onClick={() => remove(position)}
                aria-label={`Retirer la tranche ${position + 1}`}
              >
                Retirer
              </Button>
            )}
          </Group>
        );
      })}
      <Group gap="xs">
        <Button variant="light" size="compact-sm" onClick={addBefore} disabled={bands.length >= maxBands}>
          Ajouter une tranche
        </Button>
        <Button variant="subtle" color="red" size="compact-sm" onClick={() => setBands([])}>
          Retirer les tranches
        </Button>
      </Group>
    </Stack>
  );
}
