import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Patron } from '../../shared/domain/patron.ts';
import { formatInteger } from '../../shared/format.ts';
import { api } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Stat } from '../components/Stat.tsx';
import { useApi } from '../components/useApi.ts';
import { countFr } from '../format.ts';
import { PatronGrid } from './patrons/PatronGrid.tsx';
import { PatronModal } from './patrons/PatronModal.tsx';
import { type PatronQuery, usePatronPages } from './patrons/usePatronPages.ts';

type Status = NonNullable<PatronQuery['status']>;

const statuses: { value: Status; label: string }[] = [
  { value: 'registered', label: 'Inscrits' },
  { value: 'unregistered', label: 'Plus inscrits' },
  { value: 'all', label: 'Tous' },
];

/**
 * The patrons of every library (up to a few hundred thousand): an instant accent-insensitive search,
 * filters, the registered and distinct-person counts, and the review of possible duplicates.
 */
export function PatronsScreen() {
  const [params, setParams] = useSearchParams();
  const libraryId = params.get('bibliotheque');
  const [text, setText] = useState('');
  const [epci, setEpci] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>('all');
  const [duplicates, setDuplicates] = useState(params.get('doublons') === '1');
  const [open, setOpen] = useState<Patron | null>(null);
  const [debounced] = useDebouncedValue(text.trim(), 150);
  const libraries = useApi('library.list', {});
  const epcis = useApi('epci.list', {});
  const counts = useApi('patron.count', libraryId ? { libraryId } : {});
  const pending = useApi('patron.search', {
    text: '',
    status: 'all',
    duplicates: true,
    offset: 0,
    limit: 1,
    ...(libraryId ? { libraryId } : {}),
  });

  const query: PatronQuery = {
    text: debounced,
    status,
    duplicates,
    ...(libraryId ? { libraryId } : {}),
    ...(epci ? { epci } : {}),
  };
  const list = usePatronPages(query);
  const toReview = pending.data?.total ?? 0;
  // The possible duplicates shown since the review was opened: « Suivant » goes to one not seen yet.
  const seen = useRef(new Set<string>());

  /** The next possible duplicate to review (of the chosen library), in the list's order. */
  async function openNextDuplicate(): Promise<boolean> {
    if (open) seen.current.add(open.id);
    const limit = 200;
    for (let offset = 0; ; offset += limit) {
      const page = await api.call('patron.search', {
        text: '',
        status: 'all',
        duplicates: true,
        offset,
        limit,
        ...(libraryId ? { libraryId } : {}),
      });
      const next = page.patrons.find((patron) => !seen.current.has(patron.id));
      if (next) {
        setOpen(next);
        return true;
      }
      if (offset + limit >= page.total) return false;
    }
  }

  function setLibrary(value: string | null) {
    const next = new URLSearchParams(params);
    if (value) next.set('bibliotheque', value);
    else next.delete('bibliotheque');
    setParams(next, { replace: true });
  }

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Lecteurs</Title>
        <Group gap="sm">
          <Button component={Link} to="/lecteurs/rgpd" variant="default">
            Conservation (RGPD)
          </Button>
          <Button
            component={Link}
            to={libraryId ? `/imports/nouveau?bibliotheque=${libraryId}` : '/imports/nouveau'}
          >
            Importer un fichier
          </Button>
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" maw={900}>
        <Stat
          label="Lecteurs inscrits"
          value={counts.data ? formatInteger(counts.data.count) : '…'}
          hint={libraryId ? 'dans cette bibliothèque' : 'dans toutes les bibliothèques'}
        />
        <Stat
          label="Personnes distinctes"
          value={counts.data ? formatInteger(counts.data.persons) : '…'}
          hint="un doublon confirmé ne compte qu’une fois"
        />
        <Stat
          label="Doublons à examiner"
          value={pending.data ? formatInteger(toReview) : '…'}
          hint="même nom et naissance, ou même courriel, sous deux cartes"
        />
      </SimpleGrid>

      <Group align="flex-end" gap="sm">
        <TextInput
          label="Rechercher"
          placeholder="Nom, n° de carte ou courriel"
          description="Sans se soucier des accents ni des majuscules"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          w={340}
          autoFocus
        />
        <Select
          label="Bibliothèque"
          placeholder="Toutes"
          data={(libraries.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
          value={libraryId}
          onChange={setLibrary}
          clearable
          searchable
          w={230}
        />
        <Select
          label="EPCI"
          placeholder="Tous"
          data={(epcis.data ?? []).map((e) => ({ value: e.siren, label: e.name }))}
          value={epci}
          onChange={setEpci}
          clearable
          searchable
          w={230}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="patron-status-label">
            Inscription
          </Text>
          <SegmentedControl
            aria-labelledby="patron-status-label"
            value={status}
            onChange={(value) => setStatus(value as Status)}
            data={statuses}
          />
        </Stack>
        <Checkbox
          label={`Doublons possibles seulement${pending.data ? ` (${formatInteger(toReview)})` : ''}`}
          checked={duplicates}
          onChange={(event) => setDuplicates(event.currentTarget.checked)}
          mb={8}
        />
      </Group>

      <ErrorAlert error={list.error ?? counts.error} />
      <Group justify="space-between" mih={24}>
        <Text size="sm" c="dimmed" aria-live="polite" id="patron-result">
          {list.total === null
            ? 'Recherche…'
            : list.more
              ? `${formatInteger(list.total)} résultats affichés, par ordre alphabétique`
              : `${countFr(list.total, 'lecteur', 'lecteurs')}${debounced ? ` pour « ${debounced} »` : ''} — cliquez une ligne (ou Entrée) pour voir sa fiche`}
        </Text>
        {duplicates && list.total !== null && list.total > 0 && (
          <Text size="sm" c="grape.8">
            Ouvrez un doublon pour le comparer au lecteur déjà connu.
          </Text>
        )}
      </Group>
      {list.more && (
        <Alert color="orange" py={6}>
          Plus de {formatInteger(1000)} résultats, précisez la recherche.
        </Alert>
      )}
      <PatronGrid
        label="Lecteurs"
        total={list.total}
        row={list.row}
        ensure={list.ensure}
        onOpen={setOpen}
        resetKey={JSON.stringify(query)}
        height="max(320px, calc(100vh - 420px))"
      />
      {list.total === 0 && (
        <Text size="sm" c="dimmed">
          {debounced || epci || libraryId || duplicates || status !== 'all'
            ? 'Aucun lecteur ne correspond.'
            : 'Aucun lecteur enregistré : '}
          {!(debounced || epci || libraryId || duplicates || status !== 'all') && (
            <Anchor component={Link} to="/imports/nouveau">
              importez le fichier d’une bibliothèque
            </Anchor>
          )}
        </Text>
      )}
      {open && (
        <PatronModal
          key={open.id}
          patron={open}
          onClose={() => {
            setOpen(null);
            seen.current.clear();
          }}
          onNext={open.duplicateOf ? openNextDuplicate : undefined}
          onResolved={() => {
            list.reload();
            counts.reload();
            pending.reload();
          }}
        />
      )}
    </Stack>
  );
}
