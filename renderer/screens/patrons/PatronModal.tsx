import { Alert, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import type { Patron } from '../../../shared/domain/patron.ts';
import { searchKey } from '../../../shared/text.ts';
import { api } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAction } from '../../components/useAction.ts';
import { PatronAccess } from '../access/PatronAccess.tsx';
import { birthLabel } from './patronColumns.tsx';

const date = (value: string | null) => (value ? formatDateFr(value) : '—');

const rows: { label: string; value: (p: Patron) => string }[] = [
  { label: 'Bibliothèque', value: (p) => p.libraryName },
  { label: 'N° de carte', value: (p) => p.cardNumber },
  { label: 'Nom', value: (p) => p.lastName },
  { label: 'Prénom', value: (p) => p.firstName ?? '—' },
  { label: 'Naissance', value: birthLabel },
  { label: 'Courriel', value: (p) => p.email ?? '—' },
  { label: 'Code postal', value: (p) => p.postalCode ?? '—' },
  { label: 'Commune', value: (p) => p.communeName ?? '—' },
  { label: 'Catégorie', value: (p) => p.category ?? '—' },
  { label: 'Inscrit le', value: (p) => date(p.registeredOn) },
  { label: 'Fin d’abonnement', value: (p) => date(p.expiresOn) },
  { label: 'État', value: (p) => (p.registered ? 'inscrit' : 'plus inscrit') },
];

const decisionLabels = {
  possible: 'À examiner',
  confirmed: 'Même personne (comptée une seule fois)',
  distinct: 'Personnes différentes',
} as const;

/**
 * The patron found by its id among those sharing what flagged it: there is no call to read one patron by
 * id, so the duplicate is looked up by the name both share, else by the e-mail.
 */
async function findOriginal(patron: Patron): Promise<Patron | null> {
  const texts = [`${patron.lastName} ${patron.firstName ?? ''}`.trim(), patron.email ?? ''];
  for (const text of texts.filter(Boolean)) {
    const found = await api.call('patron.search', { text, status: 'all', offset: 0, limit: 1000 });
    const original = found.patrons.find((p) => p.id === patron.duplicateOf);
    if (original) return original;
  }
  return null;
}

/** Names compared as the import matches them: accents, capitals, hyphens and spaces aside. */
const folded = (text: string | null) => searchKey(text ?? '').replace(/[^\p{L}\p{N}]/gu, '');
const sameText = (a: string | null, b: string | null) => folded(a) === folded(b);

/** Why the two were flagged, and where the other one is registered. */
function resemblance(patron: Patron, original: Patron | null | undefined): string {
  if (!original) return 'Ressemble à un lecteur déjà connu.';
  const samePerson =
    sameText(patron.lastName, original.lastName) &&
    sameText(patron.firstName, original.firstName) &&
    patron.birthDate !== null &&
    patron.birthDate === original.birthDate;
  const why = samePerson ? 'Mêmes nom, prénom et date de naissance' : 'Même courriel';
  const where =
    original.libraryId === patron.libraryId
      ? 'de la même bibliothèque, sous une autre carte'
      : 'd’une autre bibliothèque';
  return `${why} qu’un lecteur ${where}.`;
}

/**
 * One patron's record. When it was flagged as the possible duplicate of another patron (of another
 * library, of the same one under another card, or of the same file), both are shown side by side,
 * identical values marked, with the two decisions; « Suivant » goes to the next one to review.
 */
export function PatronModal({
  patron,
  onClose,
  onResolved,
  onNext,
}: {
  patron: Patron;
  onClose: () => void;
  onResolved: (patron: Patron) => void;
  /** Opens the next possible duplicate to review; resolves to false when none is left. */
  onNext?: () => Promise<boolean>;
}) {
  const [shown, setShown] = useState(patron);
  const [original, setOriginal] = useState<Patron | null | undefined>(undefined);
  const [decided, setDecided] = useState<string | null>(null);
  const action = useAction();

  async function next() {
    if (!onNext) return;
    const found = await action.run(onNext);
    if (found === false) setDecided('Plus aucun doublon à examiner.');
  }

  useEffect(() => {
    if (!patron.duplicateOf) return;
    let current = true;
    findOriginal(patron).then(
      (found) => current && setOriginal(found),
      () => current && setOriginal(null),
    );
    return () => {
      current = false;
    };
  }, [patron]);

  async function decide(decision: 'confirmed' | 'distinct') {
    const updated = await action.run(() => api.call('patron.resolveDuplicate', { id: shown.id, decision }));
    if (!updated) return;
    setShown(updated);
    setDecided(
      decision === 'confirmed'
        ? 'Enregistré : même personne. Elle ne compte plus qu’une fois parmi les personnes distinctes.'
        : 'Enregistré : personnes différentes. Le signalement est levé.',
    );
    onResolved(updated);
  }

  const duplicate = shown.duplicateOf !== null && shown.duplicateStatus !== null;
  const title = duplicate
    ? `Doublon possible : ${shown.lastName} ${shown.firstName ?? ''}`
    : `${shown.lastName} ${shown.firstName ?? ''}`;

  return (
    <Modal opened onClose={onClose} title={title} size={duplicate ? 'xl' : 'md'} centered>
      <Stack gap="sm">
        <PatronAccess key={shown.id} patronId={shown.id} epci={shown.epci} />
        {duplicate && (
          <Text size="sm" c="dimmed">
            {resemblance(shown, original)} Décision actuelle :{' '}
            <b>{decisionLabels[shown.duplicateStatus ?? 'possible']}</b>.
          </Text>
        )}
        <Table withTableBorder withColumnBorders fz="sm" verticalSpacing={4} aria-label="Fiche du lecteur">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={150} />
              <Table.Th>{duplicate ? 'Ce lecteur' : 'Valeur'}</Table.Th>
              {duplicate && <Table.Th>Lecteur déjà connu</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((line) => {
              const mine = line.value(shown);
              const theirs = original ? line.value(original) : null;
              // The rule that found the pair: « DUPRE » and « Dupré » are the same name.
              const same = theirs !== null && mine !== '—' && sameText(mine, theirs);
              return (
                <Table.Tr key={line.label}>
                  <Table.Th fw={500}>{line.label}</Table.Th>
                  <Table.Td c={same ? 'grape.8' : undefined} fw={same ? 600 : undefined}>
                    {mine}
                  </Table.Td>
                  {duplicate && (
                    <Table.Td c={same ? 'grape.8' : undefined} fw={same ? 600 : undefined}>
                      {original === undefined
                        ? '…'
                        : original === null
                          ? line.label === 'N° de carte'
                            ? `lecteur n° ${shown.duplicateOf}`
                            : '—'
                          : theirs}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        {duplicate && original === null && (
          <Alert color="orange" py="xs">
            Le lecteur déjà connu n’a pas été retrouvé par son nom (il a pu changer depuis). Identifiant :{' '}
            {shown.duplicateOf}.
          </Alert>
        )}
        {duplicate && (
          <>
            {original && (
              <Text size="xs" c="dimmed">
                En violet : les valeurs identiques dans les deux fiches (sans tenir compte des accents ni des
                majuscules).
              </Text>
            )}
            <ErrorAlert error={action.error} />
            {decided && (
              <Text size="sm" c="teal.9" role="status">
                {decided}
              </Text>
            )}
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={() => void decide('distinct')}
                loading={action.busy}
                disabled={shown.duplicateStatus === 'distinct'}
              >
                Personnes différentes
              </Button>
              <Button
                color="grape"
                onClick={() => void decide('confirmed')}
                loading={action.busy}
                disabled={shown.duplicateStatus === 'confirmed'}
              >
                Même personne
              </Button>
              {onNext && (
                <Button variant="light" color="grape" onClick={() => void next()} disabled={action.busy}>
                  Suivant
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
