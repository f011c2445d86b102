import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { maxBands } from '../../../shared/domain/contributions/index.ts';
import { type DraftBand, type DraftConvention, newKey, startingBands } from './scenarios.ts';

/**
 * A scenario convention's degressive bands: « jusqu’à N habitants : X € », then « au-delà : Y € ». The
 * first band's rate is the convention's own (one field, so they cannot differ); every field is a labelled
 * input and every action a button, in reading order, so the grid is built from the keyboard alone. A
 * negotiating hypothesis: stored conventions do not take bands (yet).
 */
export function BandsEditor({
  convention,
  number,
  onChange,
}: {
  convention: DraftConvention;
  /** The convention's number on the page (1-based), for the labels. */
  number: number;
  onChange: (bands: DraftBand[]) => void;
}) {
  const bands = convention.bands ?? [];
  if (bands.length === 0) {
    return (
      <Group>
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => onChange(startingBands())}
          aria-label={`Ajouter des tranches dégressives à la convention ${number}`}
        >
          Ajouter des tranches dégressives
        </Button>
      </Group>
    );
  }

  const setBand = (key: string, patch: Partial<DraftBand>) =>
    onChange(bands.map((band) => (band.key === key ? { ...band, ...patch } : band)));
  // Removing one of two bands leaves a single rate: no bands at all.
  const remove = (key: string) => onChange(bands.length <= 2 ? [] : bands.filter((band) => band.key !== key));
  const addBefore = () =>
    onChange([...bands.slice(0, -1), { key: newKey(), upTo: '', rate: '' }, ...bands.slice(-1)]);
  const rate = convention.rate.trim();

  return (
    <Stack gap={6} role="group" aria-label={`Tranches dégressives — convention ${number}`}>
      <Text size="sm" fw={600}>
        Tranches dégressives
      </Text>
      <Text size="xs" c="dimmed">
        Hypothèse de négociation : les tranches servent aux scénarios, à la comparaison et au classeur ; une
        convention enregistrée ne peut pas encore en avoir.
      </Text>
      {bands.map((band, index) => {
        const last = index === bands.length - 1;
        const name = last ? 'Au-delà' : `Tranche ${index + 1}`;
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
                  value={band.upTo}
                  onChange={(event) => setBand(band.key, { upTo: event.currentTarget.value })}
                />
                <Text size="sm">habitants :</Text>
              </Group>
            )}
            {index === 0 ? (
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
                  value={band.rate}
                  onChange={(event) => setBand(band.key, { rate: event.currentTarget.value })}
                />
                <Text size="sm">€</Text>
              </Group>
            )}
            {!last && (
              <Button
                variant="subtle"
                color="red"
                size="compact-xs"
                onClick={() => remove(band.key)}
                aria-label={`Retirer la tranche ${index + 1}`}
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
        <Button variant="subtle" color="red" size="compact-sm" onClick={() => onChange([])}>
          Retirer les tranches
        </Button>
      </Group>
    </Stack>
  );
}
