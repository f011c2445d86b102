import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { maxBands } from '../../shared/domain/contributions/bands.ts';

/** A degressive band as typed: its threshold (empty for the last band, « au-delà ») and its rate. */
export interface DraftBand {
  key: string;
  upTo: string;
  rate: string;
}

export const newBandKey = () => Math.random().toString(36).slice(2, 10);

/** Two bands to start from: the first 10 000 inhabitants at the convention's rate, a lower rate beyond. */
export const startingBands = (): DraftBand[] => [
  { key: newBandKey(), upTo: '10000', rate: '' },
  { key: newBandKey(), upTo: '', rate: '' },
];

/** "10 000" → 10000; anything but a whole number → NaN, which the shared schema refuses in French. */
function count(text: string): number {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '');
  return /^\d+$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}

/**
 * The typed bands as the shared schema reads them (`{ upTo, rate }`): the last has no threshold, the first
 * the convention's rate. None: undefined (one rate for everyone).
 */
export function bandsInput(bands: readonly DraftBand[] | undefined, rate: string) {
  if (!bands || bands.length === 0) return undefined;
  return bands.map((band, index) => ({
    upTo: index === bands.length - 1 ? null : count(band.upTo),
    rate: index === 0 ? rate : band.rate,
  }));
}

/** Stored or scenario bands (`{ upTo, rate: "0.30" }`) as typed in a form. */
export function draftBands(bands: readonly { upTo: number | null; rate: string }[] | null | undefined) {
  return (bands ?? []).map((band) => ({
    key: newBandKey(),
    upTo: band.upTo === null ? '' : String(band.upTo),
    rate: band.rate.replace('.', ','),
  }));
}

// biome-ignore lint/suspicious/noExplicitAny: as @mantine/form's own bound, so that every form fits.
type AnyForm = UseFormReturnType<any>;

/**
 * A convention's degressive bands, in a scenario or on a stored convention: « jusqu’à N habitants : X € »,
 * then « au-delà : Y € ». The first band's rate is the convention's own (one field, so they cannot
 * differ); every field is a labelled input and every action a button, in reading order, so the grid is
 * built from the keyboard alone. `path` is the form's path of the band list (`bands`,
 * `conventions.0.bands`); `subject` names the convention in the group's label (« convention 2 »).
 */
export function BandsEditor({
  form,
  path,
  bands,
  rate,
  subject,
  addLabel,
  note,
}: {
  form: AnyForm;
  path: string;
  bands: readonly DraftBand[];
  rate: string;
  subject: string;
  /** The add button's accessible name when several conventions have one (« … à la convention 2 »). */
  addLabel?: string;
  note?: string;
}) {
  const setBands = (next: DraftBand[]) => {
    // The bands' errors go with them.
    const prefix = `${path}.`;
    form.setErrors(
      Object.fromEntries(
        Object.entries(form.errors).filter(([key]) => key !== path && !key.startsWith(prefix)),
      ),
    );
    form.setFieldValue(path, next);
  };
  if (bands.length === 0) {
    return (
      <Group>
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => setBands(startingBands())}
          aria-label={addLabel}
        >
          Ajouter des tranches dégressives
        </Button>
      </Group>
    );
  }

  // Removing one of two bands leaves a single rate: no bands at all.
  const remove = (position: number) =>
    bands.length <= 2 ? setBands([]) : form.removeListItem(path, position);
  const addBefore = () =>
    form.insertListItem(path, { key: newBandKey(), upTo: '', rate: '' }, bands.length - 1);
  const shownRate = rate.trim();

  return (
    <Stack gap={6} role="group" aria-label={`Tranches dégressives — ${subject}`}>
      <Text size="sm" fw={600}>
        Tranches dégressives
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
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
                  {...form.getInputProps(`${path}.${position}.upTo`)}
                />
                <Text size="sm">habitants :</Text>
              </Group>
            )}
            {position === 0 ? (
              <Text size="sm" aria-label={`${name} : taux`}>
                {shownRate ? `${shownRate} €` : '—'}{' '}
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
                  {...form.getInputProps(`${path}.${position}.rate`)}
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
